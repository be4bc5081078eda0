"""Every permission of live operations (tickets and what happens to them)."""

from podium.platform.access import define, is_integrator_admin, is_integrator_staff, is_party_user

EDIT = define(
    "operations.edit",
    is_integrator_staff,
    "Only the integrator's staff changes tickets on behalf of Podium.",
)
MANAGE_CREDENTIALS = define(
    "operations.manage_credentials",
    is_integrator_admin,
    "Only an integrator admin creates and revokes integration tokens.",
)
EXCHANGE_TICKETS = define(
    "operations.exchange_tickets",
    is_integrator_staff | is_party_user,
    "Only the integrator's staff and a party's users raise and change tickets.",
)
