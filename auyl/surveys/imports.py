"""Importing filled questionnaires from a CSV file, all or nothing.

The header names the columns: a question's code (``q1``, ``q12``...) for its answer, and optionally
``settlement`` (KATO code), ``age_band`` and ``sex``. Every row is checked first — unknown option,
missing required answer, wrong number, unknown settlement — and the errors are reported by row and
column; nothing is stored unless every row is valid. The file must be UTF-8 (Excel: "CSV UTF-8"),
separated by ``;``, ``,`` or tabs, within the region's size and row limits; the same file is never
imported twice into one survey.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import Territory

from .answering import (
    SETTLEMENT_LEVELS,
    Demographics,
    build_rows,
    check_entry_open,
    lookups_of,
    parse_answers,
    save_rows,
)
from .models import Channel, ImportBatch, Survey
from .parsing import parse_age_band, parse_sex

PEOPLE_COLUMNS = ("settlement", "age_band", "sex")
MAX_REPORTED = 500
# csv's own limit of one cell (131,072 characters) is kept: it is far above the longest text answer
# (surveys.text_max_chars), and changing it would change it for every CSV reader in the process.


@dataclass(frozen=True)
class RowError:
    row: int  # line of the file, the header being 1
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportRejected(ValidationError):
    """The file was refused; ``errors`` says where and why. Nothing was stored."""

    def __init__(self, errors: list[RowError], total: int | None = None):
        self.errors = errors[:MAX_REPORTED]
        self.total = total if total is not None else len(errors)
        super().__init__([str(e) for e in self.errors[:20]])


def _decode(survey: Survey, data: bytes) -> str:
    limit_kb = get_rule(survey.territory, "surveys.import_max_kb")
    if len(data) > limit_kb * 1024:
        raise ImportRejected(
            [RowError(0, "", _("The file is too large (at most %(n)s KB).") % {"n": limit_kb})]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowError(0, "", _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”."))]
        ) from None
    if "\x00" in text:
        raise ImportRejected([RowError(0, "", _("This is not a CSV text file."))])
    if not text.strip():
        raise ImportRejected([RowError(0, "", _("The file is empty."))])
    return text


def _reader(text: str):
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def _check_header(survey: Survey, header: list[str], lookups) -> list[RowError]:
    codes = {lookup.question.code for lookup in lookups}
    errors, seen = [], set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, _("This column appears twice.")))
        elif name not in codes and name not in PEOPLE_COLUMNS:
            errors.append(
                RowError(
                    1,
                    name,
                    _("Unknown column (expected question codes: %(codes)s).")
                    % {"codes": ", ".join(sorted(codes))},
                )
            )
        seen.add(name)
    for lookup in lookups:
        if lookup.question.is_required and lookup.question.code not in seen:
            errors.append(
                RowError(1, lookup.question.code, _("This column is missing: the question is required."))
            )
    return errors


def _settlements(survey: Survey, rows: list[tuple[int, dict]]) -> dict[str, Territory]:
    codes = {values.get("settlement", "").strip() for _line, values in rows} - {""}
    units = Territory.objects.filter(
        code__in=codes, path__startswith=survey.territory_path, level__in=SETTLEMENT_LEVELS
    )
    return {unit.code: unit for unit in units}


def _people(values: dict, settlements: dict, line: int, errors: list[RowError]) -> Demographics:
    people = Demographics()
    code = values.get("settlement", "").strip()
    if code:
        people.settlement = settlements.get(code)
        if people.settlement is None:
            errors.append(
                RowError(
                    line,
                    "settlement",
                    _("Unknown settlement «%(code)s» (a KATO code within the survey's territory).")
                    % {"code": code[:20]},
                )
            )
    for column, parse in (("age_band", parse_age_band), ("sex", parse_sex)):
        try:
            setattr(people, column, parse(values.get(column, "")))
        except ValidationError as exc:
            errors.append(RowError(line, column, exc.messages[0]))
    return people


def _read(survey: Survey, text: str, lookups) -> tuple[list[str], list[tuple[int, dict]], list[RowError]]:
    max_rows = get_rule(survey.territory, "surveys.import_max_rows")
    reader = _reader(text)
    try:
        header = [cell.strip().casefold() for cell in next(reader)]
        errors = _check_header(survey, header, lookups)
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                return (
                    header,
                    [],
                    [
                        RowError(
                            0,
                            "",
                            _("The file has more than %(n)s rows: split it into several files.")
                            % {"n": max_rows},
                        )
                    ],
                )
            if len(cells) > len(header):
                errors.append(RowError(reader.line_num, "", _("This row has more cells than the header.")))
                continue
            rows.append((reader.line_num, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        return (
            [],
            [],
            [RowError(reader.line_num, "", _("The file is damaged here (%(detail)s).") % {"detail": exc})],
        )
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no rows below its header.")))
    return header, rows, errors


def parse_file(survey: Survey, data: bytes) -> tuple[list, list[RowError]]:
    """``(rows ready to save, errors)``: every row checked; rows are built only if there is no error."""
    text = _decode(survey, data)
    lookups = lookups_of(survey)
    _header, rows, errors = _read(survey, text, lookups)
    settlements = _settlements(survey, rows)
    text_max = get_rule(survey.territory, "surveys.text_max_chars")
    pairs = []
    for line, values in rows:
        people = _people(values, settlements, line, errors)
        answers, problems = parse_answers(lookups, values, text_max)
        errors += [RowError(line, code, message) for code, message in problems.items()]
        if not errors:
            pairs.append(build_rows(survey, answers, people, Channel.IMPORT))
    errors.sort(key=lambda error: error.row)  # stable: a row's errors keep their column order
    return pairs, errors


@transaction.atomic
def import_responses(*, actor, survey: Survey, data: bytes, file_name: str = "") -> ImportBatch:
    """Import every row of a CSV file as one response, or nothing (raises :class:`ImportRejected`)."""
    require_perm(actor, "survey.enter", survey.territory)
    check_entry_open(survey, timezone.now())
    digest = hashlib.sha256(data).hexdigest()
    earlier = ImportBatch.objects.filter(survey=survey, sha256=digest).first()
    if earlier is not None:
        raise ImportRejected(
            [
                RowError(
                    0,
                    "",
                    _("This file was already imported on %(date)s.")
                    % {"date": f"{timezone.localtime(earlier.imported_at):%d.%m.%Y %H:%M}"},
                )
            ]
        )
    pairs, errors = parse_file(survey, data)
    if errors:
        raise ImportRejected(errors)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                survey=survey,
                file_name=(file_name or "import.csv")[:255],
                sha256=digest,
                rows=len(pairs),
                imported_by=actor,
            )
    except IntegrityError:  # the same file sent twice at once (a double click): the other one counts
        raise ImportRejected([RowError(0, "", _("This file is being imported already."))]) from None
    for response, _rows in pairs:
        response.import_batch = batch
    save_rows(pairs)
    audit.record(
        actor=actor,
        action="survey.imported",
        obj=batch,
        territory=survey.territory,
        changes={"survey": survey.pk, "file": batch.file_name, "rows": batch.rows, "sha256": digest},
    )
    return batch
