"""The cockpit's writes, one module per concept: only its own saved views."""
