"""Changes: the calendar of planned changes shared by all parties, its conflicts and approvals."""
