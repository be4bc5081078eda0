"""The default activity catalogue, so a new Podium has a matrix to fill in from the start.

Written with the historical model (a migration cannot call services); existing codes are left
alone, and reversing removes only activities that no letter uses yet.
"""

from django.db import migrations

DEFAULT_ACTIVITIES = (
    ("incident-resolution", "Incident resolution", "Restore service after an interruption."),
    ("change-approval", "Change approval", "Assess and approve changes before they are made."),
    ("problem-management", "Problem management", "Find and remove the causes of incidents."),
    ("release", "Release", "Build, test and deploy new versions."),
    ("monitoring", "Monitoring", "Watch health and performance; raise events."),
    ("backup-and-restore", "Backup and restore", "Take backups and prove they restore."),
    ("security-patching", "Security patching", "Apply security fixes within agreed times."),
    ("access-management", "Access management", "Grant and revoke access rights."),
    ("capacity-management", "Capacity management", "Plan and provide enough capacity."),
    ("service-continuity", "Service continuity", "Plan and test recovery from disasters."),
    ("vendor-escalation", "Vendor escalation", "Escalate to third parties under contract."),
    ("service-reporting", "Service reporting", "Report performance against targets."),
)


def add_activities(apps, schema_editor):
    Activity = apps.get_model("governance", "Activity")
    for position, (code, name, description) in enumerate(DEFAULT_ACTIVITIES, start=1):
        Activity.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "position": position * 10},
        )


def remove_activities(apps, schema_editor):
    Activity = apps.get_model("governance", "Activity")
    Activity.objects.filter(
        code__in=[code for code, _, _ in DEFAULT_ACTIVITIES], assignments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add_activities, remove_activities)]
