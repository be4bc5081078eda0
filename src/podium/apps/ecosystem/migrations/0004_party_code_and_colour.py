"""Every party gets a short code and a chip colour; existing parties get codes derived from
their names and colours in turn, in the order they were created (their history too). The code
becomes unique in the next migration, in a transaction of its own: PostgreSQL refuses to alter
a table in the transaction that has just updated its rows."""

from django.db import migrations, models

# The palette in the order new parties take it (ecosystem.choices.ChipColour), copied here so
# that this migration keeps working when the choices change.
PALETTE = (
    "blue", "teal", "purple", "orange", "cyan", "pink",
    "lime", "indigo", "azure", "yellow", "green", "red",
)


def give_codes(apps, schema_editor):
    from podium.core.party_codes import derive_code

    Party = apps.get_model("ecosystem", "Party")
    HistoricalParty = apps.get_model("ecosystem", "HistoricalParty")
    taken: set[str] = set()
    for index, party in enumerate(Party.objects.order_by("pk")):
        party.code = derive_code(party.name, taken)
        party.colour = PALETTE[index % len(PALETTE)]
        taken.add(party.code)
        party.save(update_fields=["code", "colour"])
        # the party's past versions carry its code too, so its history shows no change
        HistoricalParty.objects.filter(id=party.pk).update(code=party.code, colour=party.colour)


COLOURS = [(c, c.capitalize()) for c in PALETTE]


class Migration(migrations.Migration):

    dependencies = [
        ("ecosystem", "0003_value_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="code",
            field=models.CharField(default="", max_length=6, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="party",
            name="colour",
            field=models.CharField(
                choices=COLOURS,
                default="blue",
                help_text="The colour of the party's chip.",
                max_length=8,
                verbose_name="chip colour",
            ),
        ),
        migrations.AddField(
            model_name="historicalparty",
            name="code",
            field=models.CharField(default="", max_length=6, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalparty",
            name="colour",
            field=models.CharField(
                choices=COLOURS,
                default="blue",
                help_text="The colour of the party's chip.",
                max_length=8,
                verbose_name="chip colour",
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
