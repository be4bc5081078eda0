"""Every permission of the cockpit, as `rules` predicates on the roles.

The cockpit writes nothing of the other contexts; what a reader sees in it is scoped by the
selectors it reads through, the same as on each context's own pages.
"""

from __future__ import annotations
