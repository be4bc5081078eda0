"""The `podium` command: thin adapters over core (analysis) and app services (the server side)."""
