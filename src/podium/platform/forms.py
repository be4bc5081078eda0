"""What every form of Podium does: mark invalid fields for assistive technology, show a
service's errors next to the fields they name, and render in the console's look."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates

DASHES = BLANK_CHOICE_DASH[0][1]


class ServiceErrorsMixin:
    """Mixed into a `forms.Form`: the service decides, the form shows what it said."""

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


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
