"""Decisions taken outside a meeting (a binding local referendum, a recall initiative) are followed up
by the same engine: item and meeting become optional, the decision carries its own territory, a title
and the object it came from. Existing decisions get their meeting's territory here; 0003 then makes
the territory required (in its own transaction: PostgreSQL refuses to alter a table with pending
deferred-constraint checks from the backfill)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def territory_from_meeting(apps, schema_editor):
    Decision = apps.get_model("assemblies", "Decision")
    Meeting = apps.get_model("assemblies", "Meeting")
    for meeting_id, territory_id in (
        Meeting.objects.filter(decisions__isnull=False).values_list("pk", "territory_id").distinct()
    ):
        Decision.objects.filter(meeting_id=meeting_id).update(territory_id=territory_id)


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="addressee",
            field=models.CharField(
                choices=[("akim", "The akim of the territory"), ("district_akim", "The district akim")],
                default="akim",
                max_length=20,
                verbose_name="addressed to",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="source_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="decision",
            name="source_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="territory",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.territory",
                verbose_name="territory",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="title",
            field=models.CharField(blank=True, max_length=300, verbose_name="taken by"),
        ),
        migrations.AlterField(
            model_name="decision",
            name="escalated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="escalated to the level above"),
        ),
        migrations.AlterField(
            model_name="decision",
            name="item",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decision",
                to="assemblies.agendaitem",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="assemblies.meeting",
            ),
        ),
        migrations.RunPython(territory_from_meeting, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("item__isnull", False), ("meeting__isnull", False)),
                    models.Q(
                        ("item__isnull", True),
                        ("meeting__isnull", True),
                        ("source_id__isnull", False),
                        ("source_type__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="assemblies_decision_from_meeting_or_source",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_type__isnull", False)),
                fields=("source_type", "source_id"),
                name="assemblies_decision_one_per_source",
            ),
        ),
    ]
