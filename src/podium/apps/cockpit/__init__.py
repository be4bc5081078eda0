"""The cockpit context: the conductor's overview, party views, reports, agenda packs and exports.

It reads every other context through their selectors and writes nothing of theirs; its only
data of its own are saved views (`models.saved_views`).
"""
