"""The report of what each level does for a territory, as a document the house exporters write.

One table per level of government (republic, region, district, rural district): the body, its unit,
the function, its legal basis, the budget programme financing it and the staff time, with the level's
total of known staff time. Files are made by :func:`auyl.core.exports.export` (CSV, XLSX, PDF), so
every report of the platform exports the same way.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from auyl.core.exports import Document, Table

from .selectors import LevelSection, programme_names


def _place(territory) -> str:
    return f"{territory.name} ({territory.code})" if territory is not None else _("Republic of Kazakhstan")


def level_document(territory, sections: list[LevelSection]) -> Document:
    names = programme_names()
    header = [
        "№",
        _("Body"),
        _("Territory"),
        _("Function"),
        _("Legal basis"),
        _("Budget programme"),
        _("Staff time, hours a year"),
    ]
    tables = []
    for section in sections:
        rows = [
            [
                n,
                p.body.name,
                _place(p.body.territory),
                p.name,
                p.legal_basis,
                names.get(p.programme_code, p.programme_code),
                p.staff_hours,
            ]
            for n, p in enumerate(section.powers, start=1)
        ]
        footer = ["", _("Total"), "", len(section.powers), "", "", section.staff_hours]
        tables.append(Table(section.label, header, rows, footer))
    return Document(
        _("What each level of government does"), _place(territory), f"powers-levels-{territory.code}", tables
    )
