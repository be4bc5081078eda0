"""Podium's pure engine: event logs, business calendars, clocks and collaboration metrics.

Nothing in this package imports Django, reads the clock or touches the network; time is always
passed in. The same functions serve one live ticket and ten million imported events.
"""
