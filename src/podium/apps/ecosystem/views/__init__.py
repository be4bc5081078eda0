"""Pages of the ecosystem, one module per concept: lists, details (with history and "as of"),
create/edit/delete forms, and the ecosystem map of the landscape."""
