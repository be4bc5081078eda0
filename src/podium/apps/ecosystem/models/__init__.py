from podium.apps.ecosystem.models.calendars import BusinessCalendar
from podium.apps.ecosystem.models.contracts import Contract, ContractTarget
from podium.apps.ecosystem.models.landscape import Component, Dependency, Service, ServiceComponent
from podium.apps.ecosystem.models.parties import Contact, Party

__all__ = [
    "BusinessCalendar",
    "Component",
    "Contact",
    "Contract",
    "ContractTarget",
    "Dependency",
    "Party",
    "Service",
    "ServiceComponent",
]
