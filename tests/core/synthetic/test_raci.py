"""The demo matrix plants a letter that rests only on an expired contract of the spec's own."""

from __future__ import annotations

import datetime as dt

from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.raci import build_raci, rests_only_on_expired


def test_a_responsible_party_rests_only_on_an_expired_contract(spec: EcosystemSpec) -> None:
    last_day = spec.end.date() - dt.timedelta(days=1)
    matrix = build_raci(spec)
    expired = [obj for rule, obj in matrix.planted if rule == "contract-expired"]
    assert len(expired) == 1
    component = expired[0]

    def covering(party: str) -> list[dt.date]:
        return [c.ends_on for c in spec.contracts if c.party == party and component in c.components]

    # exactly one R letter on the component belongs to a party whose covering contracts have
    # all ended (the runner's letters rest on its current contract)
    letters = [
        letter
        for letter in matrix.letters
        if (letter.kind, letter.obj, letter.role) == ("component", component, "R")
        and covering(letter.party)
        and max(covering(letter.party)) < last_day
    ]
    assert len(letters) == 1
    letter = letters[0]
    assert rests_only_on_expired(spec) == (letter.party, component)
    # the cell has an Accountable, so the plant brings no missing-accountable with it
    assert any(
        (x.kind, x.obj, x.activity, x.role) == ("component", component, letter.activity, "A")
        for x in matrix.letters
    )


def test_the_expired_plant_is_the_penetration_testing_contract(spec: EcosystemSpec) -> None:
    party, component = rests_only_on_expired(spec) or ("", "")
    assert spec.party(party).kind == "consultancy"
    (contract,) = [c for c in spec.contracts if c.party == party and component in c.components]
    assert contract.reference.startswith("NHL-PEN-")
    assert component == "tracking-portal"


def test_the_matrix_is_deterministic(spec: EcosystemSpec) -> None:
    assert build_raci(spec) == build_raci(spec)
