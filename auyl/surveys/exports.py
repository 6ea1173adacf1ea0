"""Survey results as files: CSV and XLSX through the house writers of ``auyl/core/exports.py`` (CSV in
UTF-8 with a byte-order mark, ``;`` and a decimal comma in Kazakh and Russian; XLSX with numbers as
numbers), and PDF in DejaVu Sans (every Kazakh letter) with the same bars as the page. Call under
``translation.override(lang)`` for the labels of that language.
"""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from auyl.core.exports import FORMATS, Document, Table, to_csv, to_xlsx

from .results import BREAKDOWNS, QuestionResult, SurveyResults

HIDDEN = "—"


def _title(result: QuestionResult) -> str:
    return f"{result.question.position}. {result.question.text}"


def _base_label(result: QuestionResult) -> str:
    label = _("Base: respondents who answered")
    return label + (" " + _("(several answers allowed)") if result.is_multiple else "")


def _question_tables(result: QuestionResult) -> list[Table]:
    question = result.question
    if question.has_options:
        rows = [[n, row.label, row.count, row.percent] for n, row in enumerate(result.rows, start=1)]
        tables = [
            Table(
                _title(result),
                ["№", _("Answer"), _("Respondents"), "%"],
                rows,
                ["", _base_label(result), result.base, Decimal(100) if result.base else Decimal(0)],
            )
        ]
        if result.mean is not None:
            tables[0].rows.append(["", _("Mean score"), result.mean, None])
        if result.crosstab is not None:
            tables.append(_crosstab_table(result))
        return tables
    if result.number is not None:
        summary = result.number
        return [
            Table(
                _title(result),
                ["№", _("Figure"), _("Value")],
                [
                    [1, _("Answers"), summary.count],
                    [2, _("Mean"), summary.mean],
                    [3, _("Smallest"), summary.minimum],
                    [4, _("Largest"), summary.maximum],
                ],
            )
        ]
    return [
        Table(
            _title(result),
            ["№", _("Answer")],
            [[n, text] for n, text in enumerate(result.texts, start=1)],
            ["", _("Answers: %(n)s") % {"n": result.base}],
        )
    ]


def _crosstab_table(result: QuestionResult) -> Table:
    tab = result.crosstab
    header = ["№", _("Answer")]
    for group in tab.groups:
        header += [group.label, "%"]
    rows = []
    for n, (option, cells) in enumerate(tab.rows, start=1):
        row = [n, option.text]
        for cell in cells:
            row += [HIDDEN, HIDDEN] if cell.hidden else [cell.count, cell.percent]
        rows.append(row)
    footer = ["", _base_label(result)]
    for cell in tab.bases:
        footer += [HIDDEN, ""] if cell.hidden else [cell.count, ""]
    return Table(f"{_title(result)} — {BREAKDOWNS[tab.by]}", header, rows, footer)


def results_document(report: SurveyResults) -> Document:
    survey = report.survey
    place = report.within or survey.territory
    dates = f"{timezone.localtime(survey.opens_at):%d.%m.%Y}–{timezone.localtime(survey.closes_at):%d.%m.%Y}"
    subtitle = f"{place.name} ({place.code}) · {dates} · {_('Respondents')}: {report.respondents}"
    if report.min_group:
        subtitle += " · " + _("groups under %(n)s people hidden") % {"n": report.min_group}
    tables = [table for result in report.questions for table in _question_tables(result)]
    filename = f"survey-{survey.pk}-{place.code}" + (f"-by-{report.by}" if report.by else "")
    return Document(survey.title, subtitle, filename.replace("_", "-"), tables)


def to_pdf(report: SurveyResults, document: Document) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "surveys/results_pdf.html",
        {
            "report": report,
            "document": document,
            "lang": (get_language() or "kk")[:2],
            "generated_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


def export(report: SurveyResults, fmt: str) -> tuple[bytes, str, str]:
    """``(content, content type, file name)`` of the results in ``fmt`` (csv, xlsx or pdf)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    document = results_document(report)
    content = {"csv": to_csv, "xlsx": to_xlsx}[fmt](document) if fmt != "pdf" else to_pdf(report, document)
    lang = (get_language() or "kk")[:2]
    return content, FORMATS[fmt], f"{document.filename}-{lang}.{fmt}"
