"""Read and write elections in the pabulib ``.pb`` format (https://pabulib.org/format).

A ``.pb`` file is UTF-8 text in three sections, in this order, each a section name line, a column header
line and semicolon-separated rows (CSV quoting allowed): ``META`` (``key;value``: ``budget`` and
``vote_type`` are required), ``PROJECTS`` (``project_id;cost;…``) and ``VOTES`` (``voter_id;vote;…``,
the vote a comma-separated list of project ids). Only approval ballots are supported (``vote_type``
``approval`` or ``choose-1``; a knapsack vote is an approval ballot whose costs fit ``max_sum_cost``);
cumulative, scoring and ordinal files are refused with a clear message.

:func:`parse` returns ``(meta, instance)``, ``meta`` being::

    {"meta": {key: value, ...},              # the META section as written (strings; budget normalised)
     "projects": [{column: value}, ...],      # per project, in instance order: the columns besides id, cost
     "voters": {column: [value, ...], ...}}   # per column (voter_id, age, sex, ...; not vote), per ballot

:func:`dump` writes them back (``num_projects``, ``num_votes``, ``budget`` and a missing ``vote_type``
come from the instance); ``parse(dump(*parse(text)))`` equals ``parse(text)``. Broken input raises
:class:`PabulibError` (a ``ValidationError`` and a ``ValueError``) naming the line.

The pabutools conversions at the end are for the tests and ``bench/pb.py`` only.
"""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .outcomes import Instance

SECTIONS = ("meta", "projects", "votes")
APPROVAL_TYPES = ("approval", "choose-1")


class PabulibError(ValidationError, ValueError):
    """A .pb file that cannot be read; the message names the line."""

    def __str__(self):
        return " ".join(self.messages)


def _error(message, code: str, line: int | None = None, **params) -> PabulibError:
    return PabulibError(message, code=code, params={"line": line, **params})


def _read(source) -> str:
    if isinstance(source, bytes):
        text = source.decode("utf-8-sig")
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    else:
        text = source
    return text.removeprefix("\ufeff")


def _section_lines(lines: list[str]) -> dict[str, int]:
    """Index of each section's name line; each once, in the order META, PROJECTS, VOTES."""
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line[:1] not in "MPVmpv":
            continue
        name = line.split(";", 1)[0].strip().strip('"').lower()
        if name in SECTIONS:
            if name in found:
                raise _error(
                    _("Line %(line)s: the %(section)s section appears twice."),
                    "section_twice",
                    index + 1,
                    section=name.upper(),
                )
            found[name] = index
    for position, name in enumerate(SECTIONS):
        if name not in found:
            raise _error(_("The file has no %(section)s section."), "section_missing", section=name.upper())
        if position and found[name] < found[SECTIONS[position - 1]]:
            raise _error(
                _("Line %(line)s: the %(section)s section must come after %(previous)s."),
                "section_order",
                found[name] + 1,
                section=name.upper(),
                previous=SECTIONS[position - 1].upper(),
            )
    return found


def _rows(lines: list[str], start: int, stop: int):
    """(line number, stripped fields) of the non-blank rows of lines[start:stop], CSV-quoted."""
    reader = csv.reader(lines[start:stop], delimiter=";")
    for row in reader:
        if row and any(field.strip() for field in row):
            yield start + reader.line_num, [field.strip() for field in row]


def _header(rows, section: str, header_line: int, required: tuple[str, ...]) -> tuple[int, list[str]]:
    line, columns = next(rows, (header_line, []))
    for column in required:
        if column not in columns:
            raise _error(
                _("Line %(line)s: the %(section)s header lacks the column %(column)s."),
                "header",
                line,
                section=section,
                column=column,
            )
    return line, columns


def _whole(value: str, line: int, field: str) -> int:
    """A non-negative whole number, written "4000", "4000.0" or "4000,00"."""
    try:
        number = Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise _error(
            _("Line %(line)s: %(field)s “%(value)s” is not a whole non-negative number."),
            "not_whole",
            line,
            field=field,
            value=value[:50],
        )
    return int(number)


def _parse_meta(lines, start, stop) -> tuple[dict[str, str], int]:
    rows = _rows(lines, start + 1, stop)
    _header(rows, "META", start + 1, ())
    meta, where = {}, {}
    for line, row in rows:
        if len(row) < 2 or not row[0]:
            raise _error(_("Line %(line)s: a META row is key;value."), "meta_row", line)
        meta[row[0]], where[row[0]] = row[1], line
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise _error(_("The META section has no %(key)s."), "meta_missing", key=key)
    if meta["vote_type"] not in APPROVAL_TYPES:
        raise _error(
            _(
                "Line %(line)s: vote type “%(type)s” is not supported: only approval ballots "
                "(knapsack ones included) can be imported."
            ),
            "vote_type",
            where["vote_type"],
            type=meta["vote_type"][:50],
        )
    budget = _whole(meta["budget"], where["budget"], "budget")
    meta["budget"] = str(budget)
    return meta, budget


def _parse_projects(lines, start, stop):
    rows = _rows(lines, start + 1, stop)
    header_line, columns = _header(rows, "PROJECTS", start + 1, ("project_id", "cost"))
    id_at, cost_at = columns.index("project_id"), columns.index("cost")
    ids, costs, extras, seen = [], [], [], set()
    for line, row in rows:
        if len(row) > len(columns):
            raise _error(_("Line %(line)s: more fields than the column header has."), "row_length", line)
        row += [""] * (len(columns) - len(row))
        project = row[id_at]
        if not project:
            raise _error(_("Line %(line)s: the project has no id."), "project_id", line)
        if project in seen:
            raise _error(
                _("Line %(line)s: project %(project)s appears twice."),
                "project_twice",
                line,
                project=project[:50],
            )
        seen.add(project)
        ids.append(project)
        costs.append(_whole(row[cost_at], line, "cost"))
        extras.append(
            {c: v for i, (c, v) in enumerate(zip(columns, row, strict=True)) if i not in (id_at, cost_at)}
        )
    return ids, costs, extras


def _vote_fields(line: str) -> list[str]:
    if '"' in line:
        return [field.strip() for field in next(csv.reader([line], delimiter=";"))]
    return [field.strip() for field in line.split(";")]


def _ballot(vote: str, index: dict[str, int], line: int) -> list[int]:
    if not vote:
        return []
    names = vote.split(",")
    try:
        ballot = list(map(index.__getitem__, names))
    except KeyError:
        ballot = []
        for name in names:
            if name.strip() not in index:
                raise _error(
                    _("Line %(line)s: the vote names project %(project)s, which is not in PROJECTS."),
                    "unknown_project",
                    line,
                    project=name.strip()[:50],
                ) from None
            ballot.append(index[name.strip()])
    if len(ballot) > 1 and len(set(ballot)) != len(ballot):
        raise _error(_("Line %(line)s: the vote names a project twice."), "vote_twice", line)
    return ballot


def _parse_votes(lines, start, ids):
    rows = _rows(lines, start + 1, len(lines))
    header_line, columns = _header(rows, "VOTES", start + 1, ("voter_id", "vote"))
    id_at, vote_at = columns.index("voter_id"), columns.index("vote")
    index = {project: i for i, project in enumerate(ids)}
    ballots, records, first_line = [], [], {}
    for number in range(header_line, len(lines)):
        text = lines[number]
        if not text.strip():
            continue
        fields = _vote_fields(text)
        if len(fields) != len(columns):
            raise _error(
                _("Line %(line)s: %(found)s fields where the header has %(expected)s."),
                "row_length",
                number + 1,
                found=len(fields),
                expected=len(columns),
            )
        voter = fields[id_at]
        if not voter:
            raise _error(_("Line %(line)s: the vote has no voter_id."), "voter_id", number + 1)
        if voter in first_line:
            raise _error(
                _("Line %(line)s: voter %(voter)s appears twice (first on line %(first)s)."),
                "voter_twice",
                number + 1,
                voter=voter[:50],
                first=first_line[voter],
            )
        first_line[voter] = number + 1
        ballots.append(_ballot(fields[vote_at], index, number + 1))
        records.append(fields)
    kept = [i for i, column in enumerate(columns) if i != vote_at]
    voters = {columns[i]: [record[i] for record in records] for i in kept}
    return ballots, voters


def parse(source) -> tuple[dict, Instance]:
    """Read a .pb file: ``source`` is a path, the text, or bytes. See the module docstring."""
    lines = _read(source).splitlines()
    at = _section_lines(lines)
    meta, budget = _parse_meta(lines, at["meta"], at["projects"])
    ids, costs, projects = _parse_projects(lines, at["projects"], at["votes"])
    ballots, voters = _parse_votes(lines, at["votes"], ids)
    instance = Instance(budget=budget, project_ids=ids, costs=costs, ballots=ballots)
    return {"meta": meta, "projects": projects, "voters": voters}, instance


def dump(meta: dict, instance: Instance) -> str:
    """The .pb text of ``instance``, with the META entries, project columns and voter columns of ``meta``
    (any may be absent; voter ids default to 1, 2, …)."""
    head = dict(meta.get("meta", {}))
    head.update(
        num_projects=str(len(instance.project_ids)),
        num_votes=str(len(instance.ballots)),
        budget=str(instance.budget),
    )
    head.setdefault("vote_type", "approval")
    if head["vote_type"] not in APPROVAL_TYPES:
        raise ValueError(f"vote_type {head['vote_type']!r}: only approval ballots can be written")
    out = io.StringIO()
    write = csv.writer(out, delimiter=";", lineterminator="\n").writerow
    out.write("META\n")
    write(["key", "value"])
    for key, value in head.items():
        write([key, value])
    extras = meta.get("projects") or [{} for _ in instance.project_ids]
    columns = list(dict.fromkeys(c for extra in extras for c in extra))
    out.write("PROJECTS\n")
    write(["project_id", "cost", *columns])
    for project, cost, extra in zip(instance.project_ids, instance.costs, extras, strict=True):
        write([project, cost, *(extra.get(c, "") for c in columns)])
    voters = dict(meta.get("voters") or {})
    ids = voters.pop("voter_id", None) or [str(v + 1) for v in range(len(instance.ballots))]
    out.write("VOTES\n")
    write(["voter_id", "vote", *voters])
    names = instance.project_ids
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(
        [voter, ",".join([names[p] for p in ballot]), *values]
        for voter, ballot, *values in zip(ids, instance.ballots, *voters.values(), strict=True)
    )
    return out.getvalue()


# --- pabutools, for the tests and the benchmark only -------------------------------------------------


def to_pabutools(instance: Instance):
    """(pabutools Instance, ApprovalProfile) of ``instance``."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Project
    from pabutools.election import Instance as PbInstance

    projects = [Project(name, cost) for name, cost in zip(instance.project_ids, instance.costs, strict=True)]
    election = PbInstance(projects, budget_limit=instance.budget)
    profile = ApprovalProfile(
        [ApprovalBallot(projects[p] for p in ballot) for ballot in instance.ballots], instance=election
    )
    return election, profile


def from_pabutools(election, profile) -> Instance:
    """Our Instance of a pabutools approval election (projects in id order; integral costs only)."""
    projects = sorted(election, key=lambda project: project.name)
    index = {project.name: i for i, project in enumerate(projects)}
    return Instance(
        budget=int(election.budget_limit),
        project_ids=[p.name for p in projects],
        costs=[int(p.cost) for p in projects],
        ballots=[sorted(index[p.name] for p in ballot) for ballot in profile],
    )


def pabutools_tie_breaking(instance: Instance):
    """The pabutools tie-breaking rule equal to ``instance.tie_order`` (lexicographic when None)."""
    from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

    if instance.tie_order is None:
        return lexico_tie_breaking
    rank = {instance.project_ids[p]: position for position, p in enumerate(instance.tie_order)}
    return TieBreakingRule(lambda election, profile, project: rank[project.name])


def pabutools_winners(instance: Instance, rule: str, converted=None) -> list[str]:
    """Winners (in pabutools' order) of ``rule`` ("greedy" or "mes") computed by pabutools itself, with
    cost satisfaction and the instance's tie order; ``converted`` reuses a :func:`to_pabutools` pair."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    election, profile = converted or to_pabutools(instance)
    function = {"greedy": greedy_utilitarian_welfare, "mes": method_of_equal_shares}[rule]
    outcome = function(election, profile, sat_class=Cost_Sat, tie_breaking=pabutools_tie_breaking(instance))
    return [project.name for project in outcome]
