"""Import of the KATO classifier from a public extract (``id;parent_id;code;name``).

The file is UTF-8, with or without a byte-order mark, with or without the header line
``id;parent_id;code;name``. ``id`` and ``parent_id`` are row numbers local to the file (two regions'
extracts both start at 1), so a parent must be in the same file (``parent_id`` 0 marks a root);
units are matched with the database by their 9-digit code.

Levels are inferred from the code ``AB CD EF GHI`` (region, district, rural district or town,
settlement) together with the usual Russian (and Kazakh) abbreviations of the name:

1. A child of a settlement is a settlement. (In many extracts the villages of a rural district hang
   under its centre village, code ``…100``; the parent is kept as given, and the rural district still
   lists them all because its descendants are selected by path.)
2. ``CD EF GHI`` all zero: region (also the cities of republican significance).
3. ``EF GHI`` zero: ``Г.А.`` / ``г.а.`` / ``қ.ә.`` (city administration) is a city of regional
   significance; anything else (``…район``, ``район …``, ``… ауданы``) is a district.
4. ``GHI`` zero:
   ``с.о.``, ``с.о``, ``с.о.им.…``, ``п.а.`` (settlement administration), ``а.о.`` and the spelled-out
   forms are rural districts (a primary unit with its own akim); ``г.а.`` (lower case: the town
   administration inside a district) is a town of district significance; ``…район`` is a district
   (districts of a city of republican significance); ``г.Семей``, ``г.Курчатов`` — the city proper
   of a city administration — is a settlement: a populated place where residents are registered, with
   no local self-government of its own below the city akimat. Names that say nothing fall back on the
   KATO numbering of ``EF``: 10–19 the city proper (settlement), 20–29 a town, 30–99 a rural district.
5. ``GHI`` not zero: settlement (с., п., ст., рзд., уч., зимовка, …).

Re-import is idempotent: units are updated by code and never duplicated; ``name_ru`` takes the name
from the file, ``name_kk``/``name_en`` entered by an administrator are never overwritten. When a unit
moved to another parent, its path, its descendants' paths and the stored paths of their residents are
rewritten (other apps that keep paths listen to :data:`territory_moved`). Units missing from the file
are kept: a file may hold one region only, and abolishing a unit is an administrator's decision.

The import is all-or-nothing: the whole file is parsed and checked first, every problem is reported
with its line number, and only a clean file is written, in one transaction, with one audit event.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from .models import PATH_SEPARATOR, Level, Resident, Territory

MAX_ERRORS = 50
MAX_NAME = 200
PATH_MAX = 200
BATCH = 500
UPDATE_FIELDS = ["name_ru", "level", "parent_id", "path", "depth", "kato_id", "updated_at"]

# Sent inside the import's transaction with ``moves=[(old_path, new_path), ...]`` (deepest first)
# for every unit that changed parent: rows whose stored path starts with ``old_path`` must be rewritten.
territory_moved = Signal()


class KatoImportError(ValidationError):
    """The file cannot be imported; ``problems`` lists ``(line, reason)`` (line None: the whole file)."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        messages = [
            _("Line %(line)s: %(reason)s") % {"line": line, "reason": reason} if line else reason
            for line, reason in problems
        ]
        super().__init__(messages, code="kato_invalid")


@dataclass(frozen=True, slots=True)
class KatoRow:
    line: int
    kato_id: int
    parent_id: int
    code: str
    name: str


@dataclass(slots=True)
class PlannedUnit:
    row: KatoRow
    level: str
    path: str
    depth: int
    parent_code: str | None


@dataclass
class KatoImportResult:
    total: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


# ---------------------------------------------------------------- parsing


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KatoImportError([(line, _("the file is not UTF-8 text."))]) from None


def _parse_line(number: int, fields: list[str]) -> tuple[KatoRow | None, str | None]:
    if len(fields) != 4:
        return None, _("expected 4 fields id;parent_id;code;name separated by ';', found %(n)s.") % {
            "n": len(fields)}
    raw_id, raw_parent, code, name = (f.strip() for f in fields)
    if not raw_id.isdigit() or int(raw_id) == 0:
        return None, _("the id must be a positive whole number, not “%(value)s”.") % {"value": raw_id[:20]}
    if not raw_parent.isdigit():
        return None, _("the parent id must be a whole number, not “%(value)s”.") % {"value": raw_parent[:20]}
    if not re.fullmatch(r"\d{9}", code):
        return None, _("the KATO code must have exactly 9 digits, not “%(value)s”.") % {"value": code[:20]}
    if not name:
        return None, _("the name is empty.")
    if len(name) > MAX_NAME:
        return None, _("the name is longer than %(n)s characters.") % {"n": MAX_NAME}
    return KatoRow(number, int(raw_id), int(raw_parent), code, name), None


def parse_kato(data: bytes | str) -> list[KatoRow]:
    """Rows of the extract; raise :class:`KatoImportError` listing every malformed or duplicate line."""
    problems: list[tuple[int | None, str]] = []
    rows: list[KatoRow] = []
    seen_ids: dict[int, int] = {}
    seen_codes: dict[str, int] = {}
    first = True
    for number, raw in enumerate(_decode(data).split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split(";")
        if first and fields[0].strip().lower() == "id":
            first = False
            continue
        first = False
        row, problem = _parse_line(number, fields)
        if row is not None and row.code in seen_codes:
            problem = _("duplicate code %(code)s (already on line %(first)s).") % {
                "code": row.code, "first": seen_codes[row.code]}
        elif row is not None and row.kato_id in seen_ids:
            problem = _("duplicate id %(id)s (already on line %(first)s).") % {
                "id": row.kato_id, "first": seen_ids[row.kato_id]}
        if problem:
            problems.append((number, problem))
            if len(problems) >= MAX_ERRORS:
                break
            continue
        seen_ids[row.kato_id] = seen_codes[row.code] = number
        rows.append(row)
    if problems:
        raise KatoImportError(problems)
    if not rows:
        raise KatoImportError([(None, _("The file contains no territorial units."))])
    return rows


# ---------------------------------------------------------------- levels and tree


def _has_abbr(name: str, *abbrs: str) -> bool:
    """``name`` contains one of the dotted abbreviations as a word (``с.о.``, ``с.о``, ``с.о.им.…``)."""
    return any(re.search(rf"(?:^|[\s(]){re.escape(a)}(?:\.|\s|$)", name) for a in abbrs)


def _words(name: str, *words: str) -> bool:
    return any(w in name for w in words)


def infer_level(code: str, name: str, parent_level: str | None) -> str:
    """The level of a unit from its code and name (rules in the module docstring)."""
    lower = name.lower()
    if parent_level == Level.SETTLEMENT or code[6:] != "000":
        return Level.SETTLEMENT
    if code[2:] == "0000000":
        return Level.REGION
    if code[4:] == "00000":
        return Level.CITY if _has_abbr(lower, "г.а", "қ.ә") or _words(lower, "городская администрация",
                                                                      "қалалық әкімдігі") else Level.DISTRICT
    if _has_abbr(lower, "с.о", "п.а", "а.о") or _words(lower, "сельский округ", "ауылдық округ",
                                                       "поселковая администрация", "кенттік әкімшілігі"):
        return Level.RURAL_DISTRICT
    if _has_abbr(lower, "г.а", "қ.ә") or _words(lower, "городская администрация"):
        return Level.TOWN
    if _words(lower, "район", "ауданы"):
        return Level.DISTRICT
    if re.match(r"^(г\.|қ\.|город\s)", lower) or _words(lower, "қаласы"):
        return Level.SETTLEMENT
    ef = int(code[4:6])
    return Level.SETTLEMENT if ef < 20 else Level.TOWN if ef < 30 else Level.RURAL_DISTRICT


def _check_parents(rows: list[KatoRow]) -> list[tuple[int | None, str]]:
    """Missing parents and cycles, each reported once with its line number."""
    by_id = {r.kato_id: r for r in rows}
    problems: list[tuple[int | None, str]] = []
    state: dict[int, str] = {}  # "ok" reaches a root, "bad" does not
    for row in rows:
        if row.parent_id and row.parent_id not in by_id:
            problems.append((row.line, _("the parent id %(parent)s of unit %(code)s is not in the file.") % {
                "parent": row.parent_id, "code": row.code}))
            state[row.kato_id] = "bad"
    for row in rows:
        chain: list[int] = []
        current = row.kato_id
        while current and current not in state:
            if current in chain:  # a loop: report it at its first line
                loop = chain[chain.index(current):]
                lines = sorted(by_id[i].line for i in loop)
                problems.append((lines[0], _("unit %(code)s is its own ancestor (cycle through lines %(lines)s).")
                                 % {"code": by_id[current].code, "lines": ", ".join(map(str, lines))}))
                break
            chain.append(current)
            current = by_id[current].parent_id
        verdict = "ok" if current == 0 or state.get(current) == "ok" else "bad"
        state.update(dict.fromkeys(chain, verdict))
    return sorted(problems, key=lambda p: p[0] or 0)[:MAX_ERRORS]


def plan_tree(rows: list[KatoRow]) -> list[PlannedUnit]:
    """Levels, paths and depths of every row, parents before children; raise on a broken tree."""
    problems = _check_parents(rows)
    if problems:
        raise KatoImportError(problems)
    by_id = {r.kato_id: r for r in rows}
    planned: dict[int, PlannedUnit] = {}

    def resolve(row: KatoRow) -> PlannedUnit:
        stack = [row]
        while stack[-1].parent_id and stack[-1].parent_id not in planned:
            stack.append(by_id[stack[-1].parent_id])
        for item in reversed(stack):
            parent = planned.get(item.parent_id)
            planned[item.kato_id] = PlannedUnit(
                row=item,
                level=infer_level(item.code, item.name, parent.level if parent else None),
                path=(parent.path if parent else "") + item.code + PATH_SEPARATOR,
                depth=parent.depth + 1 if parent else 0,
                parent_code=parent.row.code if parent else None,
            )
        return planned[row.kato_id]

    units = [planned.get(r.kato_id) or resolve(r) for r in rows]
    too_deep = [(u.row.line, _("the unit is nested too deeply.")) for u in units if len(u.path) > PATH_MAX]
    if too_deep:
        raise KatoImportError(too_deep[:MAX_ERRORS])
    return sorted(units, key=lambda u: (u.depth, u.row.line))


# ---------------------------------------------------------------- writing


def _existing(codes: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    fields = ("id", "code", "name_ru", "level", "path", "depth", "kato_id", "parent__code")
    for start in range(0, len(codes), 1000):
        for row in Territory.objects.filter(code__in=codes[start:start + 1000]).values(*fields):
            found[row["code"]] = row
    return found


def _differs(unit: PlannedUnit, row: dict) -> bool:
    return (row["name_ru"], row["level"], row["path"], row["depth"], row["kato_id"], row["parent__code"]) != (
        unit.row.name, unit.level, unit.path, unit.depth, unit.row.kato_id, unit.parent_code)


def _rewrite_moves(moves: list[tuple[str, str, int]]) -> None:
    """Rewrite stored paths below every unit that changed parent, deepest first (so each row is
    rewritten once, by its nearest moved ancestor)."""
    now = timezone.now()
    for old, new, delta in sorted(moves, key=lambda m: -len(m[0])):
        tail = len(old) + 1
        Territory.objects.filter(path__startswith=old).update(
            path=Concat(Value(new), Substr("path", tail), output_field=CharField()),
            depth=F("depth") + delta, updated_at=now)
        Resident.objects.filter(territory_path__startswith=old).update(
            territory_path=Concat(Value(new), Substr("territory_path", tail), output_field=CharField()))
    if moves:
        territory_moved.send(sender=Territory, moves=[(old, new) for old, new, _d in moves])


def _create(units: list[PlannedUnit], ids: dict[str, int]) -> None:
    for depth in sorted({u.depth for u in units}):
        objs = [
            Territory(code=u.row.code, name_ru=u.row.name, level=u.level, path=u.path, depth=u.depth,
                      kato_id=u.row.kato_id, parent_id=ids.get(u.parent_code) if u.parent_code else None)
            for u in units if u.depth == depth
        ]
        Territory.objects.bulk_create(objs, batch_size=BATCH)
        if any(o.pk is None for o in objs):
            objs = Territory.objects.filter(code__in=[o.code for o in objs]).only("id", "code")
        ids.update({o.code: o.pk for o in objs})


def _update(units: list[PlannedUnit], ids: dict[str, int]) -> None:
    now = timezone.now()
    objs = [
        Territory(pk=ids[u.row.code], name_ru=u.row.name, level=u.level, path=u.path, depth=u.depth,
                  kato_id=u.row.kato_id, parent_id=ids.get(u.parent_code) if u.parent_code else None,
                  updated_at=now)
        for u in units
    ]
    Territory.objects.bulk_update(objs, UPDATE_FIELDS, batch_size=BATCH)


def _record(actor, data: bytes | str, filename: str, units: list[PlannedUnit], result: KatoImportResult):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    roots = [u for u in units if u.depth == 0]
    root = Territory.objects.get(code=roots[0].row.code) if len(roots) == 1 else None
    audit.record(
        actor=actor or "system", action="territory.kato_imported", object_type="territory.kato_file",
        object_id=hashlib.sha256(raw).hexdigest(), object_label=filename[:300], territory=root,
        changes={"file": filename, "units": result.total, "created": result.created, "updated": result.updated,
                 "unchanged": result.unchanged, "moved": result.moved, "by_level": result.by_level},
    )


def import_kato(*, actor, data: bytes | str, filename: str = "", dry_run: bool = False) -> KatoImportResult:
    """Check the whole extract, then create and update its units in one transaction.

    ``actor`` is the administrator importing (needs ``territory.import``) or None for the command line
    (recorded as "system"). With ``dry_run`` nothing is written and the counts say what would change.
    """
    if actor is not None:
        require_perm(actor, "territory.import")
    units = plan_tree(parse_kato(data))
    counts = Counter(str(u.level) for u in units)
    result = KatoImportResult(total=len(units), dry_run=dry_run,
                              by_level={level: counts[level] for level in Level.values if counts[level]})
    with transaction.atomic():
        existing = _existing([u.row.code for u in units])
        new = [u for u in units if u.row.code not in existing]
        changed = [u for u in units if u.row.code in existing and _differs(u, existing[u.row.code])]
        moves = [(existing[u.row.code]["path"], u.path, u.depth - existing[u.row.code]["depth"])
                 for u in changed if existing[u.row.code]["parent__code"] != u.parent_code]
        result.created, result.updated, result.moved = len(new), len(changed), len(moves)
        result.unchanged = len(units) - len(new) - len(changed)
        if dry_run:
            return result
        ids = {code: row["id"] for code, row in existing.items()}
        _rewrite_moves(moves)
        _create(new, ids)
        _update(changed, ids)
        _record(actor, data, filename, units, result)
    return result
