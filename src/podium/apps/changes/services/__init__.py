"""Writes of the change calendar, split by concept."""
