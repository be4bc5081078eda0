"""Test-wide settings: Podium's home in a temporary directory, never the developer's ./var."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("PODIUM_HOME", tempfile.mkdtemp(prefix="podium-test-home-"))
