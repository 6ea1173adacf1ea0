"""Demo surveys of the Krasnoyarsky rural district (111033000): the resident survey of ``001:956-1082``
with the 597 responses behind its published results (``001:773-798``), imported through the CSV import,
and one survey open now (the attendance question of ``004:124-126``), which anyone may answer.

The 597 rows are generated so that they reproduce every published figure exactly:

* satisfaction, question 12 (``001:773``): fully satisfied 90, somewhat 42, mostly not 358, not at all 107;
* feedback channel, question 10 (``001:777``): written 60, electronic 149, personal meetings 388;
* can citizens influence, question 6 (``001:787``): yes 328, no 101, on some matters 167 — 596 answers, so
  one respondent left it blank (base 596);
* priorities, question 7 (``001:796``): housing 239, social 90, agriculture 60, land 30, emergencies 12,
  other 167 — 598 choices from 597 people, so one respondent ticked two (base 597).

Nothing else was published: the answers to the other questions, ages, sexes and villages are invented
(fixed counts below, shuffled with a fixed seed) and every respondent lives in Akmola region.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.utils import timezone

from .models import Audience, Phase, Survey

KRASNOYAR = "111033000"
SEED = 597
RESPONDENTS = 597
RESIDENT_TEMPLATE = "resident-lsg-001"
OPEN_TEMPLATE = "attendance-004"

# The published figures (001:773-798): question code -> option code -> respondents.
PUBLISHED = {
    "q12": {
        "fully_satisfied": 90,
        "somewhat_satisfied": 42,
        "mostly_dissatisfied": 358,
        "fully_dissatisfied": 107,
    },
    "q10": {"written": 60, "electronic": 149, "personal": 388},
    "q6": {"yes": 328, "no": 101, "partly": 167},
    "q7": {"housing": 239, "social": 90, "agriculture": 60, "land": 30, "emergencies": 12, "other": 167},
}
# The published percentages, as printed (whole numbers).
PUBLISHED_PERCENT = {
    "q12": {
        "fully_satisfied": 15,
        "somewhat_satisfied": 7,
        "mostly_dissatisfied": 60,
        "fully_dissatisfied": 18,
    },
    "q10": {"written": 10, "electronic": 25, "personal": 65},
    "q6": {"yes": 55, "no": 17, "partly": 28},
    "q7": {"housing": 40, "social": 15, "agriculture": 10, "land": 5, "emergencies": 2, "other": 28},
}
# Not published: invented, fixed counts that add up to 597.
INVENTED = {
    "q1": {"18-25": 92, "26-35": 141, "36-45": 137, "46-55": 118, "56_plus": 109},
    "q2": {"male": 281, "female": 316},
    "q3": {"akmola": 597},
    "q4": {"yes": 263, "no": 199, "sometimes": 135},
    "q8": {"yes": 201, "no": 232, "hard_to_say": 164},
    "q9": {"cooperate": 188, "propose": 171, "authorities_only": 126, "doubt": 112},
    "q11": {"poor": 241, "fair": 268, "good": 88},
    "q13": {"on_instructions": 171, "not_heard": 139, "not_interested": 96, "active": 104, "hard_to_say": 87},
}
SETTLEMENTS = {"111033100": 582, "111033200": 15}
SOURCES = ["media", "social_networks", "meetings", "no_information"]
COLUMNS = ["settlement", *(f"q{n}" for n in range(1, 14))]


def _deck(counts: dict[str, int], rng: random.Random, size: int = RESPONDENTS) -> list[str]:
    deck = [code for code, n in counts.items() for _ in range(n)]
    deck += [""] * (size - len(deck))  # unanswered
    rng.shuffle(deck)
    return deck


def _priorities(rng: random.Random) -> list[str]:
    """Question 7: one choice each (other 166), then one land respondent also ticks "other" (167)."""
    primary = dict(PUBLISHED["q7"], other=PUBLISHED["q7"]["other"] - 1)
    deck = _deck(primary, rng)
    deck[deck.index("land")] = "land|other"
    return deck


def resident_survey_rows(seed: int = SEED) -> list[dict[str, str]]:
    """The 597 filled questionnaires as CSV rows (question code -> option code(s))."""
    rng = random.Random(seed)
    columns = {code: _deck(counts, rng) for code, counts in {**INVENTED, **PUBLISHED}.items() if code != "q7"}
    columns["q7"] = _priorities(rng)
    columns["settlement"] = _deck(SETTLEMENTS, rng)
    columns["q5"] = [
        "|".join(sorted(rng.sample(SOURCES, rng.choice((1, 1, 2))), key=SOURCES.index))
        for _ in range(RESPONDENTS)
    ]
    return [{column: columns[column][i] for column in COLUMNS} for i in range(RESPONDENTS)]


def resident_survey_csv(seed: int = SEED) -> bytes:
    """The rows as the CSV file a registrar would import (UTF-8 with BOM, ``;``-separated)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(resident_survey_rows(seed))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _demo_survey(territory, template_key: str) -> Survey | None:
    return Survey.objects.filter(territory=territory, template_key=template_key, is_template=False).first()


def _resident_survey(actor, territory, now, counts: dict) -> Survey:
    from . import services

    survey = _demo_survey(territory, RESIDENT_TEMPLATE)
    if survey is None:
        survey = services.create_from_template(
            actor=actor,
            template_key=RESIDENT_TEMPLATE,
            territory=territory,
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=20),
            audience=Audience.RESIDENTS,
            is_anonymous=True,
        )
        survey = services.publish_survey(actor=actor, survey=survey)
        counts["surveys"] += 1
    if not survey.imports.exists() and survey.phase_at(now) == Phase.CLOSED:
        batch = services.import_responses(
            actor=actor, survey=survey, data=resident_survey_csv(), file_name="001-resident-survey-597.csv"
        )
        counts["imported"] += batch.rows
        services.finalise_results(actor=actor, survey=survey)
    return survey


def _open_survey(actor, territory, now, counts: dict) -> Survey:
    from . import services

    survey = _demo_survey(territory, OPEN_TEMPLATE)
    if survey is None:
        survey = services.create_from_template(
            actor=actor,
            template_key=OPEN_TEMPLATE,
            territory=territory,
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=30),
            audience=Audience.OPEN,
            is_anonymous=True,
        )
        survey = services.publish_survey(actor=actor, survey=survey)
        counts["surveys"] += 1
    return survey


def load_surveys_demo(now: dt.datetime | None = None) -> dict:
    """Load the demo surveys (needs the territory demo: its Krasnoyarsky unit and demo registrar).
    A second run adds nothing."""
    from auyl.accounts.models import User
    from auyl.territory.models import Territory

    from .library import load_templates

    load_templates()
    now = now or timezone.now()
    territory = Territory.objects.get(code=KRASNOYAR)
    actor = User.objects.get(username="demo-registrar")
    counts = {"surveys": 0, "imported": 0}
    resident = _resident_survey(actor, territory, now, counts)
    opened = _open_survey(actor, territory, now, counts)
    counts |= {"resident_survey": resident.pk, "open_survey": opened.pk}
    return counts
