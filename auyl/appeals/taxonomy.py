"""One topic taxonomy for appeals, and the four official forms every topic rolls up into.

The sources classify appeals four ways (``BRIEF.md`` section 2, "Topic taxonomy"):

* ``826``: the 12 topics of the Decree No. 826 (03.03.2022) reporting form (``002:529-604``);
* ``sector7``: the 7 sectors of the Abai district akim's reporting meetings (``001:744-755``);
* ``topic10``: the 10 topics of the Krasnoyarsky rural district's 2021 report (``002:472-487``);
* ``reception16``: the 16 categories of the personal-reception form (``002:511-518``, table header).

Registrars choose among :data:`TOPICS`, which are finer than any form; each topic names exactly one row
of each form, so any report can be printed in any of the four without re-classifying a single appeal.
Where a form has no natural row, the choice is written next to the topic (e.g. the 826 form has no
social row, so social aid, jobs and pensions count under its row 12 "other"; the 7 sectors have no
"other", so political and budget matters count under the social sphere, the broadest of them).

:func:`load_topics` writes the list into the ``Topic`` table (by code, idempotent); :func:`connect`
hooks it on ``post_migrate`` so that every database has the topics after ``manage.py migrate``.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models.signals import post_migrate
from django.utils.translation import get_language


class FormRow(NamedTuple):
    code: str
    kk: str
    ru: str
    en: str


class OfficialForm(NamedTuple):
    key: str  # what reports and URLs call the form
    field: str  # the Topic field holding a topic's row of this form
    kk: str
    ru: str
    en: str
    source: str
    rows: tuple[FormRow, ...]


def localized(item) -> str:
    """The label of a form or row in the active language (Kazakh, Russian, English fallback)."""
    lang = (get_language() or "kk")[:2]
    return getattr(item, lang, "") or item.kk or item.ru or item.en


FORM_826 = OfficialForm("826", "form_826", "№ 826 Жарлық бойынша нысан (12 тақырып)",
                        "Форма по Указу № 826 (12 тем)", "Decree No. 826 form (12 topics)", "002:529-604", (
    FormRow("1", "Саяси сипаттағы", "Политического характера", "Political matters"),
    FormRow("2", "Экономикалық сипаттағы және бюджет", "Экономического характера и бюджета",
            "Economy and budget"),
    FormRow("3", "Мемлекеттік қызметтер көрсету", "Оказания государственных услуг", "State services"),
    FormRow("4", "Тұрғын үй қатынастары", "Жилищных отношений", "Housing"),
    FormRow("5", "Жер қатынастары", "Земельных отношений", "Land relations"),
    FormRow("6", "Автомобиль жолдарын жөндеу және салу", "Ремонта и строительства автомобильных дорог",
            "Road repair and construction"),
    FormRow("7", "Білім беру, денсаулық сақтау, мәдениет және спорт объектілерін жөндеу және салу",
            "Ремонта и строительства объектов образования, здравоохранения, культуры и спорта",
            "Education, health, culture and sport facilities"),
    FormRow("8", "Сумен, газбен жабдықтау, электрлендіру, телефондандыру және интернет жүргізу",
            "Водоснабжения, газоснабжения, электрификации, телефонизации и проведения интернета",
            "Water, gas, electricity, telephone and internet"),
    FormRow("9", "Кәсіпкерлік", "Предпринимательства", "Business"),
    FormRow("10", "Ауыл шаруашылығы және ветеринария", "Сельского хозяйства и ветеринарии",
            "Agriculture and veterinary"),
    FormRow("11", "Абаттандыру, санитариялық тазалау және экология", "Благоустройства, санитарной очистки и экологии",
            "Amenities, sanitation and ecology"),
    FormRow("12", "Басқалар", "Другие", "Other"),
))

FORM_SECTOR_7 = OfficialForm("sector7", "sector_7", "Есептік кездесулердегі өтініштер салалары (7)",
                             "Отрасли обращений на отчётных встречах (7)", "Sectors of reporting-meeting items (7)",
                             "001:744-755", (
    FormRow("social", "Әлеуметтік сала", "Социальная сфера", "Social sphere"),
    FormRow("housing_communal", "Тұрғын үй-коммуналдық шаруашылығы", "Жилищно-коммунальное хозяйство",
            "Housing and communal services"),
    FormRow("industry_business", "Өнеркәсіп және кәсіпкерлік", "Промышленность и предпринимательство",
            "Industry and entrepreneurship"),
    FormRow("emergencies", "Төтенше жағдайлар", "Чрезвычайные ситуации", "Emergencies"),
    FormRow("land", "Жер қатынастары", "Земельные отношения", "Land relations"),
    FormRow("agriculture", "Ауыл шаруашылығы және ветеринария", "Сельское хозяйство и ветеринария",
            "Agriculture and veterinary"),
    FormRow("police", "Полиция қызметі, құқық қорғау", "Деятельность полиции, правоохранительная деятельность",
            "Police and law enforcement"),
))

FORM_TOPIC_10 = OfficialForm("topic10", "topic_10", "Өтініштерде көтерілген мәселелердің сипаты (10)",
                             "Характер вопросов, поднятых в обращениях (10)", "Nature of the questions raised (10)",
                             "002:472-487", (
    FormRow("housing_communal", "Тұрғын үй және коммуналдық шаруашылық мәселелері",
            "Вопросы жилищного и коммунального хозяйства", "Housing and communal services"),
    FormRow("land", "Жер және жер пайдалану мәселелері", "Вопросы земли и землепользования", "Land and land use"),
    FormRow("labour", "Еңбек және халықты жұмыспен қамту мәселелері", "Вопросы труда и занятости населения",
            "Labour and employment"),
    FormRow("housing_provision", "Тұрғын үймен қамтамасыз ету мәселелері", "Вопросы предоставления жилья",
            "Provision of housing"),
    FormRow("education", "Білім және ғылым мәселелері", "Вопросы образования и науки", "Education and science"),
    FormRow("agriculture", "Ауыл шаруашылығы мәселелері", "Вопросы сельского хозяйства", "Agriculture"),
    FormRow("everyday", "Халықтың тұрмыс мәселелері", "Вопросы быта населения", "Everyday living conditions"),
    FormRow("social_aid", "Атаулы әлеуметтік көмек мәселелері", "Вопросы адресной социальной помощи",
            "Targeted social assistance"),
    FormRow("official_complaints", "Лауазымды адамдарға шағымдар", "Жалобы на должностные лица",
            "Complaints about officials"),
    FormRow("other", "Басқалар", "Прочие", "Other"),
))

FORM_RECEPTION_16 = OfficialForm("reception16", "reception_16", "Жеке қабылдаудағы мәселелер санаттары (16)",
                                 "Категории вопросов личного приёма (16)", "Personal reception categories (16)",
                                 "002:511-518", (
    FormRow("industry_transport", "Өнеркәсіп, көлік және байланыс", "Промышленность, транспорт и связь",
            "Industry, transport and communications"),
    FormRow("agriculture", "Ауыл шаруашылығын дамыту", "Развитие сельского хозяйства", "Agricultural development"),
    FormRow("land", "Жер учаскелерін бөлу және жер пайдалану", "Выделение земельных участков и землепользование",
            "Allocation of land plots and land use"),
    FormRow("subsoil", "Жер қойнауын пайдалану", "Недропользование", "Subsoil use"),
    FormRow("housing_provision", "Тұрғын үй беру", "Предоставление жилья", "Provision of housing"),
    FormRow("housing_communal", "Тұрғын үй-коммуналдық шаруашылық", "Жилищно-коммунальное хозяйство",
            "Housing and communal services"),
    FormRow("business", "Шағын және орта бизнесті дамыту", "Развитие малого и среднего бизнеса",
            "Small and medium business development"),
    FormRow("complaints", "Жергілікті атқарушы органдардың жұмысына шағымдар",
            "Жалобы на работу местных исполнительных органов", "Complaints about local executive bodies"),
    FormRow("employment_social", "Жұмысқа орналастыру, жұмыспен қамту, әлеуметтік қамсыздандыру",
            "Трудоустройство, занятость, социальное обеспечение", "Jobs, employment and social security"),
    FormRow("credit", "Несие беру", "Выделение кредита", "Loans"),
    FormRow("education", "Білім беру", "Образование", "Education"),
    FormRow("health", "Денсаулық сақтау", "Здравоохранение", "Health care"),
    FormRow("culture", "Мәдениет", "Культура", "Culture"),
    FormRow("sport", "Спорт", "Спорт", "Sport"),
    FormRow("legal", "Құқықтық қатынастар", "Правовые отношения", "Legal relations"),
    FormRow("other", "Басқалар", "Другие", "Other"),
))

FORMS: dict[str, OfficialForm] = {f.key: f for f in (FORM_826, FORM_SECTOR_7, FORM_TOPIC_10, FORM_RECEPTION_16)}


class TopicDef(NamedTuple):
    code: str
    kk: str
    ru: str
    en: str
    form_826: int
    sector_7: str
    topic_10: str
    reception_16: str
    is_emergency: bool = False
    is_official_complaint: bool = False


EMERGENCY = {"is_emergency": True}

# Columns: code, names (kk, ru, en), then the row of the 826 form, the 7 sectors, the 10 topics, the 16
# reception categories. Roads, street lighting and waste count under housing and communal services in the
# 7 sectors (district akimats run them from one "housing, communal services, transport and roads" unit).
TOPICS: tuple[TopicDef, ...] = (
    TopicDef("civic-policy", "Саяси және қоғамдық мәселелер", "Политические и общественные вопросы",
             "Political and civic matters", 1, "social", "other", "other"),
    TopicDef("economy-budget", "Жергілікті бюджет және қаражат жұмсау", "Местный бюджет и расходование средств",
             "Local budget and public spending", 2, "social", "other", "other"),
    TopicDef("economy-credit", "Несие және микронесие", "Кредиты и микрокредиты", "Loans and microcredit",
             2, "industry_business", "other", "credit"),
    TopicDef("services-state", "Мемлекеттік қызметтер мен анықтамалар", "Государственные услуги и справки",
             "State services and certificates", 3, "social", "other", "other"),
    TopicDef("housing-provision", "Тұрғын үй беру, кезек", "Предоставление жилья, очередь",
             "Provision of housing, waiting list", 4, "housing_communal", "housing_provision", "housing_provision"),
    TopicDef("housing-repair", "Тұрғын үй мен көппәтерлі үйлерді жөндеу", "Ремонт жилья и многоквартирных домов",
             "Repair of homes and apartment buildings", 4, "housing_communal", "housing_communal",
             "housing_communal"),
    TopicDef("housing-heating", "Жылумен жабдықтау", "Теплоснабжение", "Heating", 4, "housing_communal",
             "housing_communal", "housing_communal", **EMERGENCY),
    TopicDef("housing-management", "Үйді басқару және коммуналдық төлемдер",
             "Управление домом и коммунальные платежи", "Building management and utility bills",
             4, "housing_communal", "housing_communal", "housing_communal"),
    TopicDef("land-allocation", "Жер учаскесін беру", "Выделение земельного участка", "Allocation of a land plot",
             5, "land", "land", "land"),
    TopicDef("land-use", "Жер пайдалану, шекаралар және даулар", "Землепользование, границы и споры",
             "Land use, boundaries and disputes", 5, "land", "land", "land"),
    TopicDef("land-subsoil", "Жер қойнауын пайдалану, карьерлер", "Недропользование, карьеры",
             "Subsoil use and quarries", 5, "industry_business", "land", "subsoil"),
    TopicDef("roads-repair", "Жолдарды жөндеу және салу", "Ремонт и строительство дорог",
             "Road repair and construction", 6, "housing_communal", "housing_communal", "industry_transport"),
    TopicDef("roads-winter", "Жолдарды қардан тазарту және күтіп ұстау", "Очистка дорог от снега и содержание",
             "Snow clearing and road upkeep", 6, "housing_communal", "housing_communal", "housing_communal"),
    TopicDef("transport-public", "Қоғамдық көлік, автобус қатынасы", "Общественный транспорт, автобусное сообщение",
             "Public transport and bus routes", 12, "housing_communal", "everyday", "industry_transport"),
    TopicDef("facilities-education", "Мектептер мен балабақшалар", "Школы и детские сады", "Schools and kindergartens",
             7, "social", "education", "education"),
    TopicDef("facilities-health", "Денсаулық сақтау, медициналық пункт", "Здравоохранение, медицинский пункт",
             "Health care and the medical post", 7, "social", "other", "health"),
    TopicDef("facilities-culture", "Мәдениет үйі, кітапхана", "Дом культуры, библиотека", "Culture house and library",
             7, "social", "other", "culture"),
    TopicDef("facilities-sport", "Спорт алаңдары мен үйірмелер", "Спортивные площадки и секции",
             "Sports grounds and clubs", 7, "social", "other", "sport"),
    TopicDef("utilities-water", "Ауыз сумен жабдықтау", "Питьевое водоснабжение", "Drinking water supply",
             8, "housing_communal", "housing_communal", "housing_communal"),
    TopicDef("utilities-water-outage", "Судың үзілуі", "Отключение воды", "Water outage", 8, "housing_communal",
             "housing_communal", "housing_communal", **EMERGENCY),
    TopicDef("utilities-gas", "Газбен жабдықтау", "Газоснабжение", "Gas supply", 8, "housing_communal",
             "housing_communal", "housing_communal"),
    TopicDef("utilities-electricity", "Электрмен жабдықтау", "Электроснабжение", "Electricity supply",
             8, "housing_communal", "housing_communal", "housing_communal"),
    TopicDef("utilities-telecom", "Телефон байланысы, ұялы байланыс және интернет",
             "Телефонная и мобильная связь, интернет", "Telephone, mobile coverage and internet",
             8, "industry_business", "everyday", "industry_transport"),
    TopicDef("business-support", "Шағын және орта бизнесті қолдау", "Поддержка малого и среднего бизнеса",
             "Support for small and medium business", 9, "industry_business", "other", "business"),
    TopicDef("business-trade", "Дүкендер, сауда және тұрмыстық қызметтер", "Магазины, торговля и бытовые услуги",
             "Shops, trade and consumer services", 9, "industry_business", "everyday", "business"),
    TopicDef("business-industry", "Өнеркәсіп және кәсіпорындар", "Промышленность и предприятия",
             "Industry and enterprises", 9, "industry_business", "other", "industry_transport"),
    TopicDef("agriculture-farming", "Егіншілік және шаруа қожалықтарын қолдау",
             "Растениеводство и поддержка хозяйств", "Crop farming and farm support", 10, "agriculture",
             "agriculture", "agriculture"),
    TopicDef("agriculture-livestock", "Мал шаруашылығы, жайылым және шабындық", "Животноводство, пастбища и сенокосы",
             "Livestock, pastures and hay", 10, "agriculture", "agriculture", "agriculture"),
    TopicDef("agriculture-veterinary", "Ветеринария, жануарлар аурулары", "Ветеринария, болезни животных",
             "Veterinary care and animal diseases", 10, "agriculture", "agriculture", "agriculture"),
    TopicDef("amenities-lighting", "Көше жарығы", "Уличное освещение", "Street lighting", 11, "housing_communal",
             "housing_communal", "housing_communal"),
    TopicDef("amenities-landscaping", "Абаттандыру, саябақтар мен балалар алаңдары",
             "Благоустройство, парки и детские площадки", "Landscaping, parks and playgrounds",
             11, "housing_communal", "everyday", "housing_communal"),
    TopicDef("amenities-waste", "Қоқыс шығару және санитариялық тазалау", "Вывоз мусора и санитарная очистка",
             "Waste collection and sanitation", 11, "housing_communal", "housing_communal", "housing_communal"),
    TopicDef("amenities-ecology", "Экология және қоршаған орта", "Экология и окружающая среда",
             "Ecology and the environment", 11, "social", "other", "other"),
    TopicDef("amenities-stray-animals", "Қаңғыбас жануарлар", "Безнадзорные животные", "Stray animals",
             11, "agriculture", "everyday", "other"),
    TopicDef("amenities-cemetery", "Зираттар", "Кладбища", "Cemeteries", 11, "housing_communal", "everyday", "other"),
    TopicDef("social-employment", "Жұмысқа орналасу және жұмыспен қамту", "Трудоустройство и занятость",
             "Jobs and employment", 12, "social", "labour", "employment_social"),
    TopicDef("social-targeted-aid", "Атаулы әлеуметтік көмек", "Адресная социальная помощь",
             "Targeted social assistance", 12, "social", "social_aid", "employment_social"),
    TopicDef("social-benefits", "Зейнетақы, жәрдемақы, мүгедектік", "Пенсии, пособия, инвалидность",
             "Pensions, benefits and disability", 12, "social", "other", "employment_social"),
    TopicDef("emergency-flood", "Су тасқыны", "Паводки и подтопления", "Floods", 12, "emergencies", "other",
             "other", **EMERGENCY),
    TopicDef("emergency-fire", "Өрт қауіпсіздігі және төтенше жағдайлар", "Пожарная безопасность и ЧС",
             "Fire safety and other emergencies", 12, "emergencies", "other", "other", **EMERGENCY),
    TopicDef("public-order", "Қоғамдық тәртіп, полиция", "Общественный порядок, полиция", "Public order and police",
             12, "police", "other", "legal"),
    TopicDef("everyday-neighbours", "Көршілер арасындағы даулар", "Споры между соседями", "Disputes between neighbours",
             12, "social", "everyday", "legal"),
    TopicDef("legal-advice", "Құқықтық мәселелер мен құжаттар", "Правовые вопросы и документы",
             "Legal questions and documents", 12, "social", "other", "legal"),
    TopicDef("complaint-official", "Лауазымды адамның әрекетіне шағым", "Жалоба на действия должностного лица",
             "Complaint about an official", 12, "social", "official_complaints", "complaints",
             is_official_complaint=True),
    TopicDef("other", "Басқа мәселелер", "Прочие вопросы", "Other questions", 12, "social", "other", "other"),
)

TOPICS_BY_CODE: dict[str, TopicDef] = {t.code: t for t in TOPICS}
# Codes taken out of use: kept in the table (appeals refer to them) but no longer offered.
RETIRED_CODES: tuple[str, ...] = ()


def row_of(topic, form_key: str) -> str:
    """The code of the row of form ``form_key`` that ``topic`` (a Topic or a TopicDef) counts under."""
    return str(getattr(topic, FORMS[form_key].field))


def _fields(definition: TopicDef, sort: int) -> dict:
    return {
        "name_kk": definition.kk, "name_ru": definition.ru, "name_en": definition.en,
        "form_826": definition.form_826, "sector_7": definition.sector_7, "topic_10": definition.topic_10,
        "reception_16": definition.reception_16, "is_emergency": definition.is_emergency,
        "is_official_complaint": definition.is_official_complaint, "sort": sort, "is_active": True,
    }


def load_topics(topic_model=None, using: str = "default") -> dict[str, int]:
    """Bring the Topic table in line with :data:`TOPICS`; a second run changes nothing.

    Creates missing topics, updates changed ones in place (by code, so appeals keep their topic) and
    deactivates :data:`RETIRED_CODES`. Topics added by an administrator are left alone.
    """
    if topic_model is None:
        from .models import Topic as topic_model
    manager = topic_model._default_manager.db_manager(using)
    existing = {t.code: t for t in manager.all()}
    counts = {"created": 0, "updated": 0, "retired": 0}
    for sort, definition in enumerate(TOPICS, start=1):
        wanted = _fields(definition, sort * 10)
        topic = existing.get(definition.code)
        if topic is None:
            manager.create(code=definition.code, **wanted)
            counts["created"] += 1
        elif any(getattr(topic, name) != value for name, value in wanted.items()):
            manager.filter(pk=topic.pk).update(**wanted)
            counts["updated"] += 1
    counts["retired"] = manager.filter(code__in=RETIRED_CODES, is_active=True).update(is_active=False)
    return counts


def _on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    try:
        topic_model = apps.get_model("appeals", "Topic") if apps is not None else None
    except LookupError:  # the appeals tables are not migrated in this run
        return
    load_topics(topic_model, using=using)


def connect(app_config) -> None:
    """Load the topics after every ``migrate`` of the appeals app (call from ``AppealsConfig.ready``)."""
    post_migrate.connect(_on_post_migrate, sender=app_config, dispatch_uid="auyl.appeals.load_topics")
