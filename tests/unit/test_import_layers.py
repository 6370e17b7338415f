"""The package layers hold: domain packages never reach up into the run's spine, and nothing imports in a cycle.

Each check imports in a fresh interpreter, so a module cached by an earlier test cannot hide a cycle that only
shows when that module is the first one imported (a worker starting with ``pipeline.fetch.replay``, say).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"
#: Domain packages (lower layer) and the spine modules they must never import, directly or through others.
DOMAIN = ("pipeline.fetch", "pipeline.extract", "pipeline.translate", "pipeline.warehouse")
SPINE = ("pipeline.run", "pipeline.stages", "pipeline.cli", "pipeline.taskrun")


def modules(package: Path = PIPELINE) -> list[str]:
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if "__pycache__" in parts or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=os.environ)


def test_module_list_covers_the_domain_packages() -> None:
    found = modules()
    assert "pipeline.fetch.replay" in found and "pipeline.run.load" in found and len(found) > 40


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_package_never_loads_the_spine(package: str) -> None:
    """Importing every module of a domain package leaves ``pipeline.run``/``stages``/``cli`` unloaded."""
    names = [m for m in modules() if m == package or m.startswith(package + ".")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[:2] in {[s.split('.') for s in SPINE]!r}))\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"{package} reaches up into {done.stdout.strip()}"


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    """A cycle shows as an ImportError when the module on the cycle is the first one imported."""
    code = (
        "import importlib, subprocess, sys\n"
        f"names = {modules()!r}\n"
        "bad = []\n"
        "for name in names:\n"
        "    p = subprocess.run([sys.executable, '-c', f'import {name}'], capture_output=True, text=True)\n"
        "    if p.returncode: bad.append((name, p.stderr.strip().splitlines()[-1]))\n"
        "print(bad)\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
