"""A party's code is unique (0003 gave every existing party one)."""

import podium.apps.ecosystem.models.parties
from django.db import migrations, models

CODE_HELP = (
    "Shown on the party's chip where a full name does not fit, e.g. KAV: "
    "2 to 6 capital letters or digits, unique."
)


class Migration(migrations.Migration):

    dependencies = [
        ("ecosystem", "0004_party_code_and_colour"),
    ]

    operations = [
        migrations.AlterField(
            model_name="party",
            name="code",
            field=models.CharField(
                help_text=CODE_HELP,
                max_length=6,
                unique=True,
                validators=[podium.apps.ecosystem.models.parties.validate_party_code],
                verbose_name="code",
            ),
        ),
        migrations.AlterField(
            model_name="historicalparty",
            name="code",
            field=models.CharField(
                db_index=True,
                help_text=CODE_HELP,
                max_length=6,
                validators=[podium.apps.ecosystem.models.parties.validate_party_code],
                verbose_name="code",
            ),
        ),
    ]
