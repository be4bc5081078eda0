"""Governance pages, one module per concept."""
