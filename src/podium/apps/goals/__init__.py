"""Shared goals: objectives for the whole ecosystem, their key results and check-ins."""
