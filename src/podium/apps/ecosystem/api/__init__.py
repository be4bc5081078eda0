"""`/api/v1/ecosystem/…`: scoped reads (`reads`) and the integrator's writes (`writes`)."""

from podium.apps.ecosystem.api import writes  # noqa: F401  (registers the write operations)
from podium.apps.ecosystem.api.reads import router

__all__ = ["router"]
