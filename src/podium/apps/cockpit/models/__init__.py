"""The cockpit context's models, one module per concept: only saved views are its own."""
