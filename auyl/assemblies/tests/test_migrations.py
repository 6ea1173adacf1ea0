"""0002/0003 give every existing decision its meeting's territory before the column becomes required."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("assemblies", "0001_initial")]
AFTER = [("assemblies", "0003_decision_territory_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_decisions_get_their_meetings_territory(tree):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Meeting, AgendaItem, Decision = (
        old.get_model("assemblies", n) for n in ("Meeting", "AgendaItem", "Decision")
    )
    made = []
    for unit in (tree["rd_a"], tree["village_b1"]):
        meeting = Meeting.objects.create(
            territory_id=unit.pk,
            territory_path=unit.path,
            kind="gathering",
            title=f"Жиын {unit.code}",
            starts_at=timezone.now() - dt.timedelta(days=3),
            venue="Мектеп",
            status="closed",
        )
        item = AgendaItem.objects.create(meeting=meeting, number=1, title="Жол", status="closed")
        made.append(
            (
                Decision.objects.create(
                    item=item, meeting=meeting, territory_path=unit.path, text="Жөндеу", status="no_action"
                ).pk,
                unit.pk,
            )
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("assemblies", "Decision")
    assert [(pk, new.objects.get(pk=pk).territory_id) for pk, _ in made] == made
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
