"""What every form of Podium does: check values as the rows will (so a form refuses what a
service would, next to its field), refuse row keys a database cannot even compare, mark invalid
fields for assistive technology, show a service's errors next to the fields they name, and render
in the console's look.

Forms derive from `PodiumForm` or `PodiumModelForm`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.utils import timezone

from podium.platform.values import day_problem, text_problem

DASHES = BLANK_CHOICE_DASH[0][1]
LARGEST_KEY = 2**63 - 1
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WallClockField(forms.DateTimeField):
    """A date and time as typed, with no zone: the form attaches the zone it means (a forum's,
    not the viewer's), so a time the viewer's clocks skip is not refused for the wrong zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> dt.datetime | None:
        with timezone.override(dt.UTC):  # read as typed: UTC skips no time
            parsed = super().to_python(value)
        return None if parsed is None else parsed.replace(tzinfo=None)

    def prepare_value(self, value: Any) -> Any:
        return value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value


def _key_problem(value: Any, to_field_name: str | None) -> bool:
    """Whether `value` cannot even be looked up: a primary key that is no 64-bit number, or
    text a database cannot compare."""
    if value in (None, ""):
        return False
    text = str(value)
    if to_field_name is None:
        return not (text.isascii() and text.isdigit() and int(text) <= LARGEST_KEY)
    return text_problem(text, multiline=False) is not None


class RowChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of one row; a key no row could have is an invalid choice, not a query error."""

    def to_python(self, value: Any) -> Any:
        if _key_problem(value, self.to_field_name):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A choice of rows; a key no row could have is an invalid choice, not a query error."""

    def _check_values(self, value: Any) -> Any:
        for key in value if isinstance(value, list | tuple) else [value]:
            if _key_problem(key, self.to_field_name):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(key)[:40]},
                )
        return super()._check_values(value)  # type: ignore[misc]


def _row_fields(db_field: models.Field[Any, Any], **kwargs: Any) -> Any:
    """Model forms pick rows with the fields above."""
    if isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", RowChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", RowsChoiceField)
    return db_field.formfield(**kwargs)


class ServiceErrorsMixin:
    """The service decides, the form shows what it said; values are checked as rows are."""

    def clean(self) -> dict[str, Any]:
        form: Any = self
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        for name, value in list(data.items()):
            field = form.fields.get(name)
            problem = None
            if isinstance(value, str) and isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                problem = text_problem(value, multiline=multiline)
            elif isinstance(value, dt.datetime):
                problem = day_problem(value.date())
            elif isinstance(value, dt.date):
                problem = day_problem(value)
            if problem:
                form.add_error(name, f"{field.label or name} {problem}.")
        return data

    def mark_invalid(self) -> None:
        form: Any = self
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}-error"}
                )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors next to the fields they name, the rest at the top."""
        form: Any = self
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)


class PodiumForm(ServiceErrorsMixin, forms.Form):
    """The base of every form that is not a model form."""


class PodiumModelForm(ServiceErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The base of every model form: rows are chosen with `RowChoiceField`/`RowsChoiceField`."""

    class Meta:
        formfield_callback = staticmethod(_row_fields)


class ConsoleFormRenderer(DjangoTemplates):
    """Every form's renderer. Each control gets the console's class (``form-control``,
    ``form-select``, ``form-check-input``), and a select's empty choice says what it means —
    "Choose one" where a value is required, "None" where it is not — instead of dashes."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and "attrs" in widget:
            _style(widget)
        return str(super().render(template_name, context, request))


def _style(widget: dict[str, Any]) -> None:
    template = str(widget.get("template_name", ""))
    kind = widget.get("type")
    if template.endswith(("select.html", "select_multiple.html")):
        css = "form-select"
        for _group, options, _index in widget.get("optgroups", ()):
            for option in options:
                if option.get("value") in ("", None) and option.get("label") == DASHES:
                    option["label"] = "Choose one" if widget.get("required") else "None"
    elif kind in ("checkbox", "radio"):
        css = "form-check-input"
    elif kind == "hidden":
        return
    else:
        css = "form-control"
    attrs = widget["attrs"]
    classes = str(attrs.get("class", "")).split()
    wanted = [css, "is-invalid"] if attrs.get("aria-invalid") == "true" else [css]
    attrs["class"] = " ".join([*classes, *(c for c in wanted if c not in classes)])
