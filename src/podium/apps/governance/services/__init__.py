"""Writes of governance, one module per concept (raci, escalation, forums, agreements)."""
