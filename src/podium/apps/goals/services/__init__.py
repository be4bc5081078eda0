"""Writes of shared goals, by concept."""
