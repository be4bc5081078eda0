"""Forms of the trust context: a survey wave, the answer sheet of a one-time link, a\nretrospective and its actions."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.trust.choices import GatheringKind, RetroActionStatus, RetrospectiveKind
from podium.apps.trust.selectors import kudos as kudos_selectors
from podium.apps.trust.selectors import retrospectives as retro_selectors
from podium.apps.trust.selectors import surveys as selectors
from podium.apps.trust.services.surveys import WAVE_FIELDS, Answer
from podium.core import trust
from podium.platform.forms import DATE_INPUT, PodiumForm, RowChoiceField, RowsChoiceField

SCORES = [("", "—")] + [(str(n), str(n)) for n in range(trust.LOWEST, trust.HIGHEST + 1)]


class WaveForm(PodiumForm):
    template = RowChoiceField(queryset=selectors.templates(), to_field_name="slug")
    slug = forms.SlugField(max_length=60)
    name = forms.CharField(max_length=200)
    period = forms.CharField(max_length=40, help_text="e.g. 2026-Q3")
    opens_on = forms.DateField(widget=DATE_INPUT)
    closes_on = forms.DateField(widget=DATE_INPUT)
    threshold = forms.IntegerField(
        label="Anonymity threshold",
        min_value=2,
        max_value=50,
        initial=trust.DEFAULT_THRESHOLD,
        help_text="No aggregate, comment or breakdown of fewer respondents is shown to anyone.",
    )

    FIELDS = ("template", "slug", *WAVE_FIELDS)


class AnswerForm(PodiumForm):
    """A score 1–5 on each dimension and a comment for each party the respondent rates; a party
    left wholly blank is not rated."""

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        for party in parties:
            for dimension in trust.DIMENSIONS:
                self.fields[f"p{party.pk}_{dimension}"] = forms.ChoiceField(
                    label=dimension.capitalize(), choices=SCORES, required=False
                )
            self.fields[f"p{party.pk}_comment"] = forms.CharField(
                label="Comment",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Any, list[Any], Any]]:
        """(party, its score fields, its comment field) for the template."""
        return [
            (
                party,
                [self[f"p{party.pk}_{d}"] for d in trust.DIMENSIONS],
                self[f"p{party.pk}_comment"],
            )
            for party in self.parties
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answers = []
        for party in self.parties:
            names = [f"p{party.pk}_{d}" for d in trust.DIMENSIONS]
            given = [data.get(n) for n in names]
            comment = data.get(f"p{party.pk}_comment") or ""
            if not any(given) and not comment.strip():
                continue
            missing = [n for n, v in zip(names, given, strict=True) if not v]
            for name in missing:
                self.add_error(name, f"Rate {party.name} on this too, or leave the party blank.")
            if not missing:
                answers.append(Answer(party.pk, tuple(int(str(v)) for v in given), comment))
        if not answers and not self.errors:
            raise forms.ValidationError("Rate at least one party.")
        data["answers"] = answers
        return data


# -- retrospectives ----------------------------------------------------------------------------


class RetrospectiveForm(PodiumForm):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=RetrospectiveKind.choices)
    held_on = forms.DateField(widget=DATE_INPUT)
    period = forms.CharField(max_length=40, required=False, help_text="e.g. 2026-Q3")
    ticket = RowChoiceField(
        queryset=None, to_field_name="reference", required=False, label="Major incident"
    )
    forum = RowChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        help_text="Its open actions appear in this forum's agendas.",
    )
    parties = RowsChoiceField(queryset=None, to_field_name="slug", label="Parties taking part")
    went_well = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What went well"
    )
    to_improve = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What to improve"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["ticket"].queryset = retro_selectors.tickets_for_choice(user)
        fields["forum"].queryset = retro_selectors.forums_for_choice(user)
        fields["parties"].queryset = ecosystem.parties_for_choice()


class RetroActionForm(PodiumForm):
    title = forms.CharField(max_length=200)
    owner_party = RowChoiceField(queryset=None, to_field_name="slug", label="Owner party")
    due_on = forms.DateField(widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["owner_party"].queryset = ecosystem.parties_for_choice()


class RetroActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RetroActionStatus.choices)


# -- kudos -------------------------------------------------------------------------------------


class KudosForm(PodiumForm):
    to_party = RowChoiceField(queryset=None, to_field_name="slug", label="To party")
    message = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    ticket = RowChoiceField(queryset=None, to_field_name="reference", required=False)
    retrospective = RowChoiceField(queryset=None, required=False)
    objective = RowChoiceField(
        queryset=None,
        required=False,
        label="Shared goal",
        help_text="The objective it is about.",
        error_messages={"invalid_choice": "Unknown shared goal: choose one of the objectives."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["to_party"].queryset = kudos_selectors.recipients_for(user)
        fields["ticket"].queryset = retro_selectors.tickets_for_choice(user)
        fields["retrospective"].queryset = retro_selectors.retrospectives_visible_to(user)
        fields["objective"].queryset = kudos_selectors.objectives_for_choice(user)


# -- gatherings --------------------------------------------------------------------------------


class GatheringForm(PodiumForm):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=GatheringKind.choices)
    starts_at = forms.DateTimeField(
        label="Starts at",
        help_text="In your time zone.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=15, max_value=1440, initial=120
    )
    time_zone = forms.CharField(
        max_length=64, initial="Europe/Amsterdam", help_text="Where it takes place."
    )
    location = forms.CharField(max_length=200, required=False)
    forum = RowChoiceField(queryset=None, to_field_name="slug", required=False)
    parties = RowsChoiceField(queryset=None, to_field_name="slug", label="Invited parties")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["forum"].queryset = retro_selectors.forums_for_choice(user)
        fields["parties"].queryset = ecosystem.parties_for_choice()
