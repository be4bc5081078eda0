"""Every permission of the ecosystem registry, as `rules` predicates on the roles.

Services call :func:`podium.platform.access.require` with these names; pages ask the same names
(``perms.ecosystem.edit`` in templates) to decide which buttons to show.
"""

from podium.platform.access import define, is_integrator_admin

EDIT = define(
    "ecosystem.edit",
    is_integrator_admin,
    "Only an integrator admin changes the ecosystem.",
)
