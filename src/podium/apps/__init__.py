"""One Django app per bounded context; see docs/architecture.md for the allowed directions."""
