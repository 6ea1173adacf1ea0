"""The shipped questionnaire templates (:mod:`.library_data`), kept in the database after every migrate.

Chosen like the appeals taxonomy (``auyl/appeals/taxonomy.py``): a ``post_migrate`` handler, so a fresh
database, a test database and an upgraded one all hold the templates without an extra command. Each
template is a :class:`~.models.Survey` with ``is_template`` and no territory; staff copy it into a draft
of their unit (:func:`auyl.surveys.services.create_from_template`), never edit it. Loading is
idempotent: a template whose definition is unchanged (same fingerprint) is left alone; a changed one
gets its texts and questions rewritten (templates never hold answers, so this loses nothing).
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.db.models.signals import post_migrate

from .library_data import TEMPLATES

TEMPLATE_KEYS = [t["key"] for t in TEMPLATES]


def fingerprint(definition: dict) -> str:
    blob = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _survey_fields(definition: dict) -> dict:
    title, intro = definition["title"], definition["intro"]
    return {
        "title_kk": title[0],
        "title_ru": title[1],
        "title_en": title[2],
        "intro_kk": intro[0],
        "intro_ru": intro[1],
        "intro_en": intro[2],
        "source": definition["source"],
        "template_fingerprint": fingerprint(definition),
    }


def _write_questions(survey, definition: dict, question_model, option_model, using: str) -> None:
    question_model.objects.using(using).filter(survey=survey).delete()
    for position, item in enumerate(definition["questions"], start=1):
        text = item["text"]
        question = question_model.objects.using(using).create(
            survey=survey,
            position=position,
            code=item["code"],
            kind=item["kind"],
            is_required=item["required"],
            text_kk=text[0],
            text_ru=text[1],
            text_en=text[2],
            profile=item["profile"],
            indicator=item["indicator"],
        )
        option_model.objects.using(using).bulk_create(
            [
                option_model(
                    question=question,
                    position=n,
                    code=opt["code"],
                    text_kk=opt["text"][0],
                    text_ru=opt["text"][1],
                    text_en=opt["text"][2],
                    profile_value=opt.get("profile_value", ""),
                    is_favourable=opt.get("is_favourable", False),
                )
                for n, opt in enumerate(item["options"], start=1)
            ]
        )


def load_templates(survey_model=None, question_model=None, option_model=None, using: str = "default") -> dict:
    """Create or refresh every shipped template; returns counts of created, updated and unchanged ones."""
    if survey_model is None:
        from .models import Option, Question, Survey

        survey_model, question_model, option_model = Survey, Question, Option
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(using=using):
        for definition in TEMPLATES:
            fields = _survey_fields(definition)
            survey = (
                survey_model.objects.using(using)
                .filter(is_template=True, template_key=definition["key"])
                .first()
            )
            if survey is not None and survey.template_fingerprint == fields["template_fingerprint"]:
                counts["unchanged"] += 1
                continue
            if survey is None:
                survey = survey_model.objects.using(using).create(
                    is_template=True, template_key=definition["key"], audience="open", **fields
                )
                counts["created"] += 1
            else:
                survey_model.objects.using(using).filter(pk=survey.pk).update(**fields)
                counts["updated"] += 1
            _write_questions(survey, definition, question_model, option_model, using)
    return counts


def _on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    try:
        models = (
            [apps.get_model("surveys", name) for name in ("Survey", "Question", "Option")] if apps else None
        )
    except LookupError:  # the surveys tables are not migrated in this run
        return
    if models:
        load_templates(*models, using=using)


def connect(app_config) -> None:
    """Load the templates after every ``migrate`` of the surveys app (called from ``SurveysConfig.ready``)."""
    post_migrate.connect(_on_post_migrate, sender=app_config, dispatch_uid="auyl.surveys.load_templates")
