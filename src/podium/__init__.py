"""Podium: service integration and vendor management across many IT parties."""

__version__ = "0.1.0"
