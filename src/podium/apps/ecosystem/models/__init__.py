from podium.apps.ecosystem.models.calendars import BusinessCalendar
from podium.apps.ecosystem.models.contracts import Contract, ContractTarget
from podium.apps.ecosystem.models.parties import Contact, Party
from podium.apps.ecosystem.models.services import Component, Dependency, Service, ServiceComponent

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
