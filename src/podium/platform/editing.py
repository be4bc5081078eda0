"""Create, edit and delete pages of any context: parse the form, call one service, show its
errors in place. Pages work without JavaScript.

The caller first looks the object up through the viewer's scoped selector (another party's
object is a 404) and checks the right to edit (403) before showing a form, so the answer never
says more about an object than the viewer may already know. The service checks that right again
when it writes: the rule is the same one, asked in both places.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from podium.platform.writes import StillInUseError

FormRows = Sequence[tuple[str, Any]]
ShowErrors = Callable[[Any, ValidationError], None]


def _show_on_form(form: Any, error: ValidationError) -> None:
    form.add_service_errors(error)


def form_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    save: Callable[[], models.Model],
    done_url: Callable[[Any], str],
    cancel_url: str,
    rows: FormRows = (),
    show_errors: ShowErrors = _show_on_form,
) -> HttpResponseBase:
    """A form (and `rows`, e.g. a contract's targets per priority) that `save` writes.

    `show_errors` puts a service's `ValidationError` on the form and its rows.
    """
    if request.method == "POST":
        valid = form.is_valid()
        # a list, not a generator: every row is validated so each shows its own errors
        valid = all([row_form.is_valid() for _, row_form in rows]) and valid  # noqa: C419
        if valid:
            try:
                saved = save()
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"Saved {saved}.")
                return redirect(done_url(saved))
        form.mark_invalid()
        for _, row_form in rows:
            row_form.mark_invalid()
    context = {"form": form, "title": title, "cancel_url": cancel_url, "targets": rows}
    return render(request, "platform/form.html", context)


def delete_page(
    request: HttpRequest,
    row: models.Model,
    *,
    delete: Callable[[], None],
    cancel_url: str,
    done_url: str,
) -> HttpResponseBase:
    """Confirm, then `delete`; a row still in use is kept and the page says by what."""
    if request.method == "POST":
        try:
            delete()
        except StillInUseError as error:
            messages.error(request, str(error))
            return redirect(cancel_url)
        messages.success(request, f"Deleted {row}.")
        return redirect(done_url)
    return render(request, "platform/confirm_delete.html", {"row": row, "cancel_url": cancel_url})


def cleaned_fields(form: Any, *related: str) -> dict[str, Any]:
    """The form's cleaned data without the related fields the service takes separately."""
    data = dict(form.cleaned_data)
    for name in related:
        data.pop(name, None)
    return data
