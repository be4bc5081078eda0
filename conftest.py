"""Loaded before Django settings: tests never touch the developer's ./var."""

import os
import tempfile

os.environ.setdefault("PODIUM_HOME", tempfile.mkdtemp(prefix="podium-test-home-"))
