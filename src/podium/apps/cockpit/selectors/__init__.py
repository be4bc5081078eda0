"""What the cockpit reads, one module per concept; every figure comes from another context's selectors."""
