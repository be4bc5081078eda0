"""Shared pieces of the native API: one error convention, and lookups of related rows by key.

Errors (documented in docs/architecture.md, "API"):

- a request that does not validate — a missing or malformed field, a value a service refuses,
  an unknown party named in the body — is **422** with ``{"detail": [{"loc": [...], "msg": ...,
  "type": ...}]}``, the same shape django-ninja gives for schema errors, ``loc`` naming the
  place (``["body", "payload", "party"]``, ``["query", "as_of"]``);
- an object named in the URL that does not exist or is not the caller's to see is **404**;
- an action the caller's role may not take is **403**; both with ``{"detail": "<sentence>"}``;
- a body that cannot be read in the content type it names is **400**, likewise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import ValidationError as RequestInvalid

BODY = ("body", "payload")


def _location(field: str, base: Sequence[str]) -> list[str | int]:
    """``"steps.2.party"`` or ``"P1-response_minutes"`` as a path under `base`."""
    if field == "__all__":
        return list(base)
    parts: list[str | int] = []
    for part in field.replace("-", ".").split("."):
        parts.append(int(part) if part.isdigit() else part)
    return [*base, *parts]


def validation_details(error: ValidationError, base: Sequence[str] = BODY) -> list[dict[str, Any]]:
    """A Django `ValidationError` as the API's list of located problems."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": _location(field, base), "msg": message, "type": "value_error"}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"loc": list(base), "msg": m, "type": "value_error"} for m in error.messages]


def invalid(location: Sequence[str | int], message: str) -> RequestInvalid:
    """A 422 for one place, e.g. ``raise invalid(["query", "as_of"], "…")``."""
    return RequestInvalid([{"loc": list(location), "msg": message, "type": "value_error"}])


def rows_by_key(
    rows: QuerySet[Any], keys: Iterable[str], *, field: str, key: str = "slug"
) -> list[Any]:
    """The rows named in a request body, in the order given; an unknown one is a 422 that
    names the field and the key (never a 404: the URL was right, the body was not)."""
    wanted = list(keys)
    found = {getattr(r, key): r for r in rows.filter(**{f"{key}__in": wanted})}
    missing = [k for k in wanted if k not in found]
    if missing:
        noun = rows.model._meta.verbose_name
        raise ValidationError({field: f"unknown {noun}: {', '.join(missing)}"})
    return [found[k] for k in wanted]


def row_by_key(rows: QuerySet[Any], value: str, *, field: str, key: str = "slug") -> Any:
    return rows_by_key(rows, [value], field=field, key=key)[0]


_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_PROBLEMS = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
        }
    },
    "required": ["detail"],
}
_ANSWERS = (
    ("400", "The request body cannot be read in the content type it names.", "Error", True),
    ("401", "Not logged in.", "Error", False),
    ("403", "The caller's role may not do this; `detail` says who may.", "Error", False),
    ("404", "An object in the URL does not exist or is not the caller's to see.", "Error", False),
    ("413", "The request body is larger than the API accepts.", "Error", True),
    ("422", "The request does not validate; each problem names its place.", "Problems", False),
)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation documents the answers of the one error convention."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", _ERROR)
    components.setdefault("Problems", _PROBLEMS)
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description, shape, body_only in _ANSWERS:
                if body_only and method not in {"post", "put", "patch"}:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{shape}"}
                            }
                        },
                    },
                )
    return schema


class PodiumAPI(NinjaAPI):
    """The native API: django-ninja, with the error convention documented on every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


def install_error_handlers(api: NinjaAPI) -> None:
    """Errors answer in the one convention above, never with a stack trace."""

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found"}, status=404)

    @api.exception_handler(ValidationError)
    def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_details(exc)}, status=422)

    @api.exception_handler(MultiPartParserError)
    def unreadable(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        detail = f"The body cannot be read as the content type it names ({exc})."
        return api.create_response(request, {"detail": detail}, status=400)
