"""Reads of governance, scoped to the acting user, one module per concept."""
