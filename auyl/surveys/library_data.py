"""The questionnaires shipped as templates, with the lines of the sources they come from.

* ``resident-lsg-001`` — the 13-question resident survey of ``001:956-1082``, in Kazakh exactly as in the
  source (its spellings too: "Ақтобе", "Карағанды"; only the stray full stop after "Ұлытау облысы" at
  ``001:986`` is dropped), with a Russian and an English translation. Two readings of the source:
  question 7 is a multiple choice, because its published counts (``001:796``: 239 + 90 + 60 + 30 + 12 +
  167 = 598) exceed the 597 respondents; and no question after the respondent's profile (1-3) is
  compulsory, because question 6's counts (``001:787``: 328 + 101 + 167 = 596) show one respondent
  skipped it. Option 4 of question 5 is one option, "Ақпарат қолжетімсіз/ Мен ... білмедім", as the
  slash at ``001:1002`` joins it to the next line; question 5 (sources of information) is read as a
  multiple choice too, since one learns from several sources (nothing about it was published).
* ``expert-interview-000`` — the expert interview of ``000:1048-1065``, in Russian as in the source, with
  a Kazakh and an English translation; its two-part questions (2: territory and kind of activity; 6:
  an opinion or "there has never been local self-government") are split into a choice and a text.
* ``attendance-004`` — "Do you attend meetings and gatherings?" of ``004:124-126`` (44 % yes, 56 % no of
  321; 89 % of those who do not attend say "they give no result"), with that reason as an option.
"""

from .library_001 import RESIDENT_SURVEY
from .library_helpers import o, q

OPINION_KK = " Сіздің пікіріңіз:"
EXPERT_INTERVIEW = {
    "key": "expert-interview-000",
    "source": "000:1048-1065",
    "title": (
        "Ақмола облысындағы ЖӨБ институтының дамуы (жергілікті қоғамдастық мүшелері, депутаттар және ауылдық "
        "округтер әкімдері арасындағы сараптамалық сұхбат)",
        "Развитие института МСУ в Акмолинской области (экспертное интервью среди членов местного сообщества, "
        "депутатов и акимов сельских округов)",
        "Development of local self-government in Akmola Region (expert interview with members of the local "
        "community, deputies and akims of rural districts)",
    ),
    "intro": (
        "Сараптамалық сұхбаттың мақсаты: мемлекеттік органдар тарапынан Қазақстандағы жергілікті өзін-өзі басқару "
        "институтының даму деңгейі мен проблемаларын анықтау.\n\nҚұрметті сарапшылар!\n\nМагистрлік жобаны жазу "
        "барысында «Қазіргі Қазақстандағы мемлекеттік органдардың халықпен кері байланыс жүйесіндегі жергілікті "
        "өзін-өзі басқару институттарының дамуы» тақырыбында сұхбат жүргізілуде. Өңірдегі жергілікті өзін-өзі "
        "басқарудың дамуы, проблемаларды анықтау және проблемалық жағдайлардан шығу жолдары туралы ұсыныстарыңыз "
        "біз үшін маңызды.",
        "Цель экспертного интервью: выявить уровень развития и проблемы института местного самоуправления в "
        "Казахстане со стороны государственных органов.\n\nУважаемые эксперты!\n\nВ ходе написания магистерского "
        "проекта, проводится интервью на тему: «Развитие институтов местного самоуправления в системе обратной "
        "связи государственных органов с населением в современном Казахстане». Нам важно ваше мнение "
        "относительно развития местного самоуправления в регионе, выявление проблем и ваши предложения по "
        "выходу из проблемных ситуаций.",
        "Purpose of the expert interview: to identify, from the side of state bodies, the level of development "
        "and the problems of local self-government in Kazakhstan.\n\nDear experts!\n\nFor a master's project, "
        "we are holding interviews on “The development of local self-government institutions in the feedback "
        "between state bodies and the population in modern Kazakhstan”. Your opinion on the development of "
        "local self-government in the region, the problems you see and your proposals for solving them matter "
        "to us.",
    ),
    "questions": [
        q(
            "q1",
            "single",
            "Мемлекеттік қызметтегі жұмыс өтіліңіз?",
            "Стаж работы на госслужбе?",
            "Years of work in the civil service?",
            [
                o("1-5", "1-5 жыл", "1-5 лет", "1–5 years"),
                o("6-10", "6-10 жыл", "6- 10 лет", "6–10 years"),
                o("11-20", "11-20 жыл", "11-20 лет", "11–20 years"),
            ],
            source="000:1058",
        ),
        q(
            "q2a",
            "single",
            "Органыңыздың қызмет аумағы мен түрі? А. Қызмет аумағы",
            "Территория и род деятельности вашего органа? А. Территория деятельности",
            "Territory and kind of activity of your body? A. Territory",
            [
                o("region", "облыс", "область", "region"),
                o("district", "аудан", "район", "district"),
                o("village", "ауыл", "село", "village"),
            ],
            source="000:1058",
        ),
        q("q2b", "text", "В. Қызмет түрі", "В. Род деятельности", "B. Kind of activity", source="000:1059"),
        q(
            "q3",
            "text",
            "«Жергілікті өзін-өзі басқару» дегенді қалай түсінесіз?" + OPINION_KK,
            "Что вы понимаете под «местным самоуправлением»? Ваше мнение:",
            "What do you understand by “local self-government”? Your opinion:",
            source="000:1059",
        ),
        q(
            "q4",
            "text",
            "Мемлекеттік басқару мен жергілікті өзін-өзі басқарудың айырмашылығы неде?" + OPINION_KK,
            "В чем разница между государственным управлением и местным самоуправлением? Ваше мнение:",
            "What is the difference between state administration and local self-government? Your opinion:",
            source="000:1059",
        ),
        q(
            "q5",
            "text",
            "«Халық үніне құлақ асатын мемлекет» тұжырымдамасын қалай түсінесіз?" + OPINION_KK,
            "Что вы понимаете под концепцией «слышащего государства»? Ваше мнение:",
            "What do you understand by the concept of the “listening state”? Your opinion:",
            source="000:1060",
        ),
        q(
            "q6",
            "single",
            "Қазақстанда жергілікті өзін-өзі басқару қалай көрініс тапқан?",
            "Как представлено в Казахстане местное самоуправление?",
            "How is local self-government represented in Kazakhstan?",
            [
                o(
                    "opinion",
                    "А. Сіздің пікіріңіз (төменде жазыңыз)",
                    "А. Ваше мнение (напишите ниже)",
                    "A. Your opinion (write it below)",
                ),
                o(
                    "never_existed",
                    "В. Қазақстанда жергілікті өзін-өзі басқару болған жоқ және әлі де жоқ",
                    "В. Местного самоуправления в Казахстане не было и до сих пор нет",
                    "B. There has never been local self-government in Kazakhstan, and there still is none",
                ),
            ],
            source="000:1060-1061",
        ),
        q("q6a", "text", "А. Сіздің пікіріңіз", "А. Ваше мнение", "A. Your opinion", source="000:1060"),
        q(
            "q7",
            "text",
            "«Ашық әкімдік» порталының рөлі қандай?",
            "Какова роль портала «Открытый акимат»?",
            "What is the role of the “Open Akimat” portal?",
            source="000:1062",
        ),
        q(
            "q8",
            "text",
            "Жергілікті бюджетті бақылау функциясы бар ЖӨБ органдарының болуы не береді?" + OPINION_KK,
            "Что дает наличие органов МСУ с функцией контроля местного бюджета? Ваше мнение:",
            "What does having local self-government bodies that control the local budget give? Your opinion:",
            source="000:1062",
        ),
        q(
            "q9",
            "text",
            "Азаматтар мен ЖАО арасындағы кері байланыстың проблемасы неде?" + OPINION_KK,
            "В чем проблема обратной связи между гражданами и МИО? Ваше мнение:",
            "What is the problem with feedback between citizens and local executive bodies? Your opinion:",
            source="000:1065",
        ),
        q(
            "q10",
            "text",
            "ЖАО жұмысының тиімділігін қалай арттыруға болады?" + OPINION_KK,
            "Как поднять эффективность работы МИО? Ваше мнение:",
            "How can the work of local executive bodies be made more effective? Your opinion:",
            source="000:1065",
        ),
    ],
}

ATTENDANCE = {
    "key": "attendance-004",
    "source": "004:124-126",
    "title": (
        "Жиналыстар мен жиындарға қатысу",
        "Участие в собраниях и сходах",
        "Attending meetings and gatherings",
    ),
    "intro": (
        "Жергілікті өзін-өзі басқаруға қатысу туралы қысқа сауалнама. Сауалнама жасырын.",
        "Короткий опрос об участии в местном самоуправлении. Опрос анонимный.",
        "A short survey on taking part in local self-government. It is anonymous.",
    ),
    "questions": [
        q(
            "attend",
            "single",
            "Сіз жиналыстарға, жиындарға қатысасыз ба?",
            "Посещаете ли вы собрания и сходы?",
            "Do you attend meetings and gatherings?",
            [o("yes", "иә", "да", "yes", is_favourable=True), o("no", "жоқ", "нет", "no")],
            required=True,
            indicator="attendance",
            source="004:124",
        ),
        q(
            "reason",
            "single",
            "Қатыспасаңыз, неге?",
            "Если не посещаете, то почему?",
            "If you do not attend, why?",
            [
                o(
                    "no_result",
                    "Мен жиналыстарға қатыспаймын, олар нәтиже бермейді",
                    "Не посещаю: они не дают результата",
                    "I do not attend: they give no result",
                ),
                o("other", "Басқа себеп", "Другая причина", "Another reason"),
            ],
            source="004:126",
        ),
        q(
            "reason_text",
            "text",
            "Басқа себеп болса, жазыңыз",
            "Если причина другая, напишите её",
            "If there is another reason, describe it",
            source="004:126",
        ),
    ],
}

TEMPLATES = [RESIDENT_SURVEY, EXPERT_INTERVIEW, ATTENDANCE]
