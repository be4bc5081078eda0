"""Reads of the change calendar, split by concept."""
