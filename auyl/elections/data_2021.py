"""The 2021 campaign as printed in the source: text 000:451-459 and tables 1 and 2 of 000:483-528.

Entered exactly as printed, including the figures that do not add up (the report lists them). ``None``
is the source's "-" (not published). Used by the demo and by the report test.
"""

from __future__ import annotations

from django.db import transaction

PARTIES = ["amanat", "auyl", "ak_zhol", "npk", "adal", "osdp"]

CAMPAIGN = {
    "year": 2021,
    "title": "Elections of rural akims, 25 July 2021",
    "source": "000:451-459, 000:483-528",
    "districts": 730,
    "nominated": 2582,
    "registered": 2297,
    "registered_percent": "88.9",
    "registered_self": 1419,
    "registered_party": 878,
    "registered_men": 1839,
    "registered_women": 458,
    "stated_totals": {
        "akims": 730,
        "amanat": 563,
        "auyl": 32,
        "ak_zhol": 11,
        "npk": 10,
        "adal": 15,
        "osdp": 1,
        "self": 98,
    },
    "stated_shares": {
        "akims": "100",
        "amanat": "77",
        "auyl": "4.3",
        "ak_zhol": "1.5",
        "npk": "1.3",
        "adal": "2.1",
        "osdp": "0.1",
        "self": "13.4",
    },
}

# Region, akims, Amanat, Auyl, Ak Zhol, NPK, Adal, NSDP, self-nominated (table 1, 000:487-500).
TABLE_1 = [
    ("Акмолинская", 95, 74, 1, 2, 3, 1, 0, 14),
    ("Актюбинская", 35, 28, 2, 1, 1, 1, 0, 2),
    ("Алматинская", 71, 57, 3, 0, 0, 0, 0, 11),
    ("Атырауская", 18, 15, 0, 0, 0, 1, 0, 2),
    ("ВКО", 77, 60, 11, 1, 1, 2, 0, 2),
    ("Жамбылская", 38, 31, 1, 1, 1, 0, 0, 3),
    ("ЗКО", 31, 22, 1, 0, 0, 0, 1, 7),
    ("Карагандинская", 75, 56, 3, 1, 0, 1, 0, 14),
    ("Костанайская", 65, 50, 2, 2, 0, 2, 0, 7),
    ("Кызылординская", 40, 30, 2, 0, 1, 2, 0, 5),
    ("Мангыстауская", 10, 8, 0, 0, 0, 1, 0, 1),
    ("Павлодарская", 44, 34, 2, 1, 0, 1, 0, 6),
    ("СКО", 71, 56, 3, 2, 3, 1, 0, 7),
    ("Туркестанская", 60, 41, 1, 0, 0, 1, 0, 17),
]

# Region: re-elected, women, average age, Kazakhs %, live in the district (table 2, 000:512-525).
TABLE_2 = {
    "Акмолинская": (50, 15, "46.8", None, 50),
    "Актюбинская": (None, 5, "46", None, None),
    "Алматинская": (39, 2, "46.2", "64", 40),
    "Атырауская": (8, 1, None, None, None),
    "ВКО": (None, 7, None, None, None),
    "Жамбылская": (None, 3, "43", None, None),
    "ЗКО": (17, 1, "45.5", "30", 26),
    "Карагандинская": (17, 3, None, None, None),
    "Костанайская": (46, 8, "47.4", None, 59),
    "Кызылординская": (None, 1, None, None, None),
    "Мангыстауская": (2, None, "41.5", None, None),
    "Павлодарская": (29, 7, "48", None, 38),
    "СКО": (42, 19, "45", "56", 54),
    "Туркестанская": (17, 1, "46.7", "52", 44),
}


@transaction.atomic
def enter_2021(actor, *, region_territories: dict | None = None):
    """Enter the campaign and its fourteen regional rows through the services; returns the campaign."""
    from .services import create_campaign, enter_region_return

    campaign = create_campaign(actor=actor, **CAMPAIGN)
    for sort, (name, akims, *parts) in enumerate(TABLE_1, start=1):
        *by_party, self_nominated = parts
        re_elected, women, age, kazakh, living = TABLE_2[name]
        enter_region_return(
            actor=actor,
            campaign=campaign,
            region_name=name,
            akims=akims,
            sort=sort,
            by_party=dict(zip(PARTIES, by_party, strict=True)),
            self_nominated=self_nominated,
            region=(region_territories or {}).get(name),
            re_elected=re_elected,
            women=women,
            average_age=age,
            kazakh_percent=kazakh,
            living_in_district=living,
        )
    return campaign
