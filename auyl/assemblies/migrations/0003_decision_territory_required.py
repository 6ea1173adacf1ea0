import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0002_decision_outside_meetings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="territory",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.territory",
                verbose_name="territory",
            ),
        ),
    ]
