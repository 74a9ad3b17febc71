"""The browser tests that need `signpost demo --federated` (three nodes and the hub), with the fixtures of
Tests/browser/conftest.py:

    SIGNPOST_URL                 Kingsbridge's node (E08009902), the demo's port + 1
    SIGNPOST_DEMO_CREDENTIALS    its demo-credentials-E08009902.json

They are a folder of their own so that the main browser suite, against the one-deployment demo, does not
collect them; `.ci/run` runs them against the federated demo.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_BROWSER = Path(__file__).resolve().parents[1] / "browser"
sys.path.insert(0, str(_BROWSER))
_spec = importlib.util.spec_from_file_location("browser_conftest", _BROWSER / "conftest.py")
_shared = importlib.util.module_from_spec(_spec)
sys.modules["browser_conftest"] = _shared
_spec.loader.exec_module(_shared)
globals().update({name: value for name, value in vars(_shared).items() if not name.startswith("__")})
