"""Pages of live operations, one module per concept: tickets (the list and a ticket's page) and
credentials (the integration tokens of parties' tools)."""
