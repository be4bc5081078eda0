"""What every form of Podium does: mark invalid fields for assistive technology, and show a
service's errors next to the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


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
