"""Governance: who is responsible for what (RACI), how to escalate, and the forums that decide."""
