"""The official TMF621 v5.0.1 OpenAPI document, as schemas a test can validate an answer with.

JSON Schema has no OpenAPI `discriminator`: where the document says "one of these, chosen by
`@type`", both alternatives often fit the same object (a PartyRef is also a valid PartyRoleRef).
So every `oneOf` with a discriminator becomes "the alternative that `@type` names" before
validating, which is what the standard means.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

SPEC = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "tmf621"
    / "TMF621-Trouble_Ticket-v5.0.1.oas.yaml"
)


def _choose_by_type(node: Any) -> Any:
    if isinstance(node, list):
        return [_choose_by_type(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _choose_by_type(value) for key, value in node.items()}
    discriminator = node.get("discriminator")
    if discriminator and "oneOf" in node:
        name = discriminator.get("propertyName", "@type")
        mapping = discriminator.get("mapping", {})
        node.pop("oneOf")
        node["allOf"] = [
            *node.get("allOf", []),
            {"properties": {name: {"enum": sorted(mapping)}}, "required": [name]},
            *(
                {"if": {"properties": {name: {"const": key}}}, "then": {"$ref": ref}}
                for key, ref in sorted(mapping.items())
            ),
        ]
    node.pop("discriminator", None)
    return node


@cache
def document() -> dict[str, Any]:
    """The whole official document, each discriminated `oneOf` read as the standard means it."""
    chosen: dict[str, Any] = _choose_by_type(yaml.safe_load(SPEC.read_text()))
    return chosen


def components() -> dict[str, Any]:
    parts: dict[str, Any] = document()["components"]
    return parts


def problems(instance: Any, schema_name: str) -> list[str]:
    """What keeps `instance` from being a valid `schema_name` of the standard (none: valid)."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": components()}
    validator = jsonschema_rs.Draft7Validator(schema)
    return [
        f"/{'/'.join(map(str, e.instance_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
