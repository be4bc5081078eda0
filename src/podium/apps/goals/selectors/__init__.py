"""Reads of shared goals, by concept."""
