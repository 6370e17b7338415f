"""Where things are, for tests and test tools."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO / "pipeline" / "demo"
