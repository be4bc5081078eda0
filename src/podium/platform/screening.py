"""A NUL character in a URL, a query parameter or a form field never reaches a view.

PostgreSQL cannot store or even compare text containing NUL (psycopg raises DataError, a 500),
and no name, slug, reference or filter of Podium contains one. Django's form fields refuse NUL,
but a slug in a URL, a `?party=` read by a view or a `ModelChoiceField(to_field_name="slug")`
would take it to the database first. So the middleware refuses it once, for every page and
endpoint: 400 on pages, and under `/api/` the API's 422 body naming the place
(`{"detail": [{"type": "string_nul", "loc": ["query", "q"], "msg": ...}]}`).

JSON request bodies are screened by the API's parser (`platform.api.StorableTextParser`),
which also refuses lone surrogates; form-encoded UTF-8 cannot carry one (Django decodes invalid
bytes to U+FFFD).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.datastructures import MultiValueDict

from podium.core.tmf621 import error_body

API_PREFIX = "/api/"
TMF_PREFIX = "/tmf-api/"
NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_MESSAGE = "NUL characters (\\u0000) are not allowed in text"


def _first_nul(fields: MultiValueDict[str, str]) -> str | None:
    for key, values in fields.lists():
        if NUL in key or any(isinstance(v, str) and NUL in v for v in values):
            return key
    return None


def nul_location(request: HttpRequest) -> list[str] | None:
    """Where the first NUL of the request is (`["path"]`, `["query", name]`, `["form", name]`).

    A query string or form too large for Django's limits is left alone here: reading it again
    later raises the same error, which Django (or the API) answers as usual.
    """
    if NUL in request.path_info:
        return ["path"]
    try:
        if (name := _first_nul(request.GET)) is not None:
            return ["query", name]
        is_page_form = (
            request.method == "POST"
            and request.content_type in _FORM_TYPES
            and not request.path_info.startswith(API_PREFIX)
        )
        if is_page_form and (name := _first_nul(request.POST)) is not None:
            return ["form", name]
    except (RequestDataTooBig, TooManyFieldsSent):
        return None
    return None


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        location = nul_location(request)
        if location is None:
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            error = {"type": "string_nul", "loc": location, "msg": _MESSAGE}
            return JsonResponse({"detail": [error]}, status=422)
        where = "the address" if location == ["path"] else f"the field {location[1]!r}"
        if request.path_info.startswith(TMF_PREFIX):
            body = error_body(400, "Invalid request", f"{where} contains a NUL character.")
            return JsonResponse(body, status=400)
        return HttpResponseBadRequest(
            f"Bad request: {where} contains a NUL character.", content_type="text/plain"
        )
