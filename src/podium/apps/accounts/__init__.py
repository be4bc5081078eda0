"""People: the users of every party, their role and their preferences."""
