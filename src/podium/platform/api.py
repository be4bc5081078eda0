"""Shared pieces of the native API: how it reads requests, pages lists and answers errors.

Every Podium API is made by `native_api`, so each endpoint, today's and future contexts' alike,
gets the same guarantees without writing them:

- request bodies are JSON whose every string (and object key) a database can store: a NUL
  character or a lone UTF-16 surrogate (`"\\ud800"`) is a 422 naming its place
  (`["body", "payload", "targets", 0, "priority"]`), never a 500 from SQLite's encoder or PostgreSQL;
- request schemas derive from `InputSchema`, where JSON null clears a field (text to "", lists to
  []) instead of reaching a NOT NULL column;
- lists page with `BoundedPagination`: `limit` 1..500 and `offset` 0..10⁹, or a 422 naming them;
- one error convention (documented in docs/architecture.md, "API", and on every operation of
  the OpenAPI document by `document_errors`):

  - a request that does not validate — a missing or malformed field, a value a service
    refuses, an unknown party named in the body — is **422** with ``{"detail": [{"loc": [...],
    "msg": ..., "type": ...}]}``, the same shape django-ninja gives for schema errors, ``loc``
    naming the place (``["body", "payload", "party"]``, ``["query", "as_of"]``);
  - an object named in the URL that does not exist or is not the caller's to see is **404**;
  - an action the caller's role may not take is **403**; both with ``{"detail": "<sentence>"}``;
  - a body that cannot be read in the content type it names, or that Django finds suspicious
    (too many fields), is **400**; a body above `DATA_UPLOAD_MAX_MEMORY_SIZE` is **413**;
    likewise with ``{"detail": "<sentence>"}``, never an HTML page or a stack trace.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.security import HttpBearer
from pydantic import ValidationInfo, field_validator

from podium.platform.access import ToolActor, TooManyRequestsError

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_REPORTED = 20  # errors listed for one body; the rest are summed up in the last one

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

Location = tuple[str | int, ...]
# Where a request body's fields are, as ninja names them for its own schema errors: every
# endpoint takes its body as `payload`.
BODY = ("body", "payload")


class UnstorableTextError(ValueError):
    """Strings in a request body that no database column can hold, with where they are."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} unstorable string(s)")


def _problem(text: str) -> str | None:
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "NUL characters (\\u0000) are not allowed in text"
    return (
        f"\\u{ord(found.group()):04x} at position {found.start()} is a lone surrogate, "
        "not a character: text must be valid Unicode"
    )


def _may_hold_unstorable_text(document: Any) -> bool:
    """A quick look at C speed before the walk: re-encoded without ASCII escapes, the document
    keeps surrogates raw (which UTF-8 cannot encode) and writes NUL as the six characters
    \\u0000. A yes may be wrong (text holding a literal backslash-u0000); a no never is."""
    text = json.dumps(document, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\\u0000" in text


def _strings(document: Any) -> Iterator[tuple[Location, str]]:
    """Every string of a decoded JSON document (object keys too) with its path, in document
    order; no recursion, so nesting as deep as the decoder allows is walked safely."""
    stack: list[tuple[Location, Any]] = [((), document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                stack.append(((*path, key), value))
                stack.append(((*path, key), key))  # popped first: the key, then its value
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))


def unstorable_text(document: Any, base: Location = BODY) -> list[dict[str, Any]]:
    """Validation errors, in the API's shape, for the strings of `document` no column can hold.

    >>> unstorable_text({"name": "ok", "tags": ["a\\x00b"]})
    [{'type': 'string_nul', 'loc': ['body', 'payload', 'tags', 0], 'msg': 'NUL characters (\\\\u0000) are not allowed in text'}]
    """
    if not _may_hold_unstorable_text(document):
        return []
    errors: list[dict[str, Any]] = []
    for path, text in _strings(document):
        message = _problem(text)
        if message is None:
            continue
        if len(errors) == MAX_REPORTED:
            errors[-1]["msg"] += " (and more strings like it further on)"
            break
        kind = "string_nul" if "NUL" in message else "string_unicode"
        errors.append({"type": kind, "loc": [*base, *path], "msg": message})
    return errors


class StorableTextParser(Parser):
    """The JSON parser of every Podium API: refuses text no database can store.

    ninja turns any exception raised here into a bare 400 "Cannot parse request body"; the
    `UnstorableTextError` it raises rides along as the cause and `install_error_handlers` answers
    it as the 422 it is. (Were ninja ever to drop the cause, the answer would be that 400 —
    still no 500.)
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        document: Any = json.loads(request.body)
        errors = unstorable_text(document)
        if errors:
            raise UnstorableTextError(errors)
        return typing.cast(dict[str, Any], document)


def _empty_for_null(annotation: Any) -> str | list[Any] | None:
    """What null means for a field declared `str | None` ("") or `list[...] | None` ([])."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    options = set(typing.get_args(annotation)) - {type(None)}
    if len(options) != 1:
        return None
    (kind,) = options
    if kind is str:
        return ""
    if kind is list or typing.get_origin(kind) is list:
        return []
    return None


class InputSchema(Schema):
    """The base of every request body: JSON null clears a field, as in a JSON merge patch.

    For a text field (`str | None`) null means empty text: Podium's text columns are never NULL
    (Django's convention for CharField and TextField), so `"description": null` stores "" and
    a required text field sent as null is refused as blank, naming it; a text field that names
    another row (a slug) reads empty as "none". For a list (`list[...] | None`) null means the
    empty list. Any other null reaches the service as None, which clears a nullable field or is
    refused, naming it. Fields left out stay unset (a PATCH leaves them as they are).
    """

    @field_validator("*", mode="before")
    @classmethod
    def _null_clears(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name is not None:
            field = cls.model_fields.get(info.field_name)
            if field is not None:
                empty = _empty_for_null(field.annotation)
                if empty is not None:
                    return empty
        return value


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit/offset paging with both ends bounded: no page bigger than `MAX_LIMIT`
    rows, no offset past `MAX_OFFSET` (so nothing above 2⁶³ reaches the database)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Rows per page, 1 to {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class RateLimitedError(HttpError):
    """A 429 that says `Retry-After`: the native API answers it with ``detail``, the TMF621
    API with its Error body."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(429, f"Too many requests: retry after {retry_after} s.")


ToolAdmission = Callable[[str, dt.datetime], ToolActor | None]
"""How a context that keeps tools' credentials admits a token at an instant: the tool, None
for a token that is not live, or `TooManyRequestsError` past its allowance."""


class ToolToken(HttpBearer):
    """A party's tool calling with its bearer token: the one authenticator of every API tools
    call (TMF621, `/api/v1/events`, `/api/v1/changes`). The request's `auth` is the
    `ToolActor` that `admit` finds for the token; an unknown or revoked token is not
    authenticated (the next method, the session, is tried), one past its allowance a 429."""

    def __init__(self, admit: ToolAdmission) -> None:
        super().__init__()
        self._admit = admit

    def authenticate(self, request: HttpRequest, token: str) -> ToolActor | None:
        try:
            return self._admit(token, timezone.now())
        except TooManyRequestsError as limited:
            raise RateLimitedError(limited.retry_after_seconds) from limited


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


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

    @api.exception_handler(RawPostDataException)
    def form_body(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
        # a form body the CSRF check already read as a form: this API reads JSON only
        kind = request.content_type or "form"
        detail = f"The body must be JSON (Content-Type: application/json), not {kind}."
        return api.create_response(request, {"detail": detail}, status=400)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnstorableTextError):  # from StorableTextParser, via ninja
            return api.create_response(request, {"detail": exc.__cause__.errors}, status=422)
        if isinstance(exc.__cause__, json.JSONDecodeError):
            problem = exc.__cause__
            detail = (
                f"The body is not JSON ({problem.msg} at line {problem.lineno}, column"
                f" {problem.colno}); send a JSON document as Content-Type: application/json."
            )
            return api.create_response(request, {"detail": detail}, status=400)
        if isinstance(exc.__cause__, UnicodeDecodeError):
            detail = (
                f"The body is not UTF-8 text (byte {exc.__cause__.start}); send a JSON document"
                " as Content-Type: application/json."
            )
            return api.create_response(request, {"detail": detail}, status=400)
        response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
        retry_after = getattr(exc, "retry_after", None)  # a rate limit says when to come back
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(SuspiciousOperation)
    def malformed(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # e.g. more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS; Django would answer an
        # HTML 400 page
        return api.create_response(request, {"detail": f"Bad request: {exc}"}, status=400)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        detail = f"The request body is larger than the {limit} this API accepts."
        return api.create_response(request, {"detail": detail}, status=413)


def native_api(**options: Any) -> PodiumAPI:
    """The API with Podium's parser, error answers and documented errors; `options` go to
    NinjaAPI."""
    api = PodiumAPI(parser=StorableTextParser(), **options)
    install_error_handlers(api)
    return api
