"""The cockpit's pages, one module per concept."""
