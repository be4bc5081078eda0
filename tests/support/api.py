"""Reading the API's one error convention in tests."""

from __future__ import annotations

from typing import Any


def problems(response: Any) -> dict[str, str]:
    """A 422 body as ``{"body.payload.party": "unknown party: x", ...}`` (location → message)."""
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, list), detail
    found: dict[str, str] = {}
    for problem in detail:
        assert set(problem) >= {"loc", "msg", "type"}, problem
        found[".".join(str(part) for part in problem["loc"])] = problem["msg"]
    return found
