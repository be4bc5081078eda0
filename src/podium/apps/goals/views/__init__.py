"""Pages of shared goals, by concept."""
