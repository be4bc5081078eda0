"""Loaded before Django settings: tests never touch the developer's ./var."""

import os
import tempfile

os.environ.setdefault("PODIUM_HOME", tempfile.mkdtemp(prefix="podium-test-home-"))

# `--doctest-modules` imports every module under src/podium to look for examples; migrations
# are generated and have none.
collect_ignore_glob = ["src/podium/*/migrations"]
