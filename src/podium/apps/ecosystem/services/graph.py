"""The component dependency graph as the writes need it: finding the path a new edge would close."""

from __future__ import annotations

from collections.abc import Iterable

from podium.apps.ecosystem.models import Component, Dependency


class DependencyCycleError(ValueError):
    """A dependency would make a component depend on itself through others.

    The message names the whole cycle so that whoever edits the graph sees which edge to drop.
    """

    def __init__(self, source: Component, path: list[Component]) -> None:
        self.cycle = [source, *path]
        names = " → ".join(c.name for c in self.cycle)
        super().__init__(f"{names} would close a dependency cycle")


def path_between(
    start: Component, goal: Component, *, ignore_from: Iterable[int] = ()
) -> list[Component] | None:
    """The components on a dependency path from `start` to `goal` (both included), if any.

    `ignore_from` leaves out the current edges of components whose dependencies are being
    replaced, so that an edit is judged on the graph it will produce.
    """
    skipped = set(ignore_from)
    edges: dict[int, list[int]] = {}
    for s, t in Dependency.objects.values_list("source_id", "target_id"):
        if s not in skipped:
            edges.setdefault(s, []).append(t)
    parent: dict[int, int | None] = {start.pk: None}
    frontier = [start.pk]
    while frontier:
        node = frontier.pop()
        if node == goal.pk:
            ids = []
            step: int | None = node
            while step is not None:
                ids.append(step)
                step = parent[step]
            ids.reverse()
            names = Component.objects.in_bulk(ids)
            return [names[i] for i in ids]
        for nxt in edges.get(node, ()):
            if nxt not in parent:
                parent[nxt] = node
                frontier.append(nxt)
    return None
