"""Every surface takes the notification event types from `podium.core.notifications.EVENTS`:
the choices (and so the inbox's filter and the webhook form), the badges' tones, the
preferences form and the API's preferences. A type added there reaches them all, or a test
here names the one it missed."""

from __future__ import annotations

from podium.apps.operations.api.notifications import PreferencesIn, PreferencesOut
from podium.apps.operations.choices import NotificationType
from podium.apps.operations.forms import NotificationPreferencesForm
from podium.core import notifications
from podium.platform.console import TONES, tone_of


def test_the_choices_are_cores_list_in_its_order_with_its_labels() -> None:
    assert NotificationType.choices == [(e.type, e.label) for e in notifications.EVENTS]
    assert NotificationType.BREACH == notifications.BREACH
    assert NotificationType.MAJOR_INCIDENT_CLOSED.label == (
        "Major incidents closed that my party was on the bridge of"
    )


def test_each_type_is_named_once_and_badged_in_its_own_tone() -> None:
    keys = [e.key for e in notifications.EVENTS]
    types = [e.type for e in notifications.EVENTS]
    assert len(set(keys)) == len(keys)
    assert len(set(types)) == len(types)
    assert all(e.default_mode in notifications.EMAIL_MODES for e in notifications.EVENTS)
    assert {tone_of("notification.type", e.type) for e in notifications.EVENTS} <= TONES
    assert tone_of("notification.type", notifications.WARNING) == "yellow"
    assert tone_of("notification.type", notifications.ASSIGNED) == "azure"


def test_the_preferences_form_asks_of_every_type() -> None:
    form = NotificationPreferencesForm(current={})
    assert [str(f.label) for f in form.fields.values()] == [e.label for e in notifications.EVENTS]


def test_the_apis_preferences_have_a_field_per_type_named_by_its_key() -> None:
    keys = [e.key for e in notifications.EVENTS]
    assert list(PreferencesOut.model_fields) == keys
    assert list(PreferencesIn.model_fields) == keys
