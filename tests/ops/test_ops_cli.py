"""Configuration errors on the command line: one clear line and exit status 2; the traceback only with --debug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import REPO


def _cli(*args: str, tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{REPO}:{REPO / 'tests'}", "ANTARA_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, **(env or {})},
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["run", "--feeds", "{tmp}/missing.yaml"], {}, "missing.yaml: cannot read the feed registry"),
        (["run", "--feeds", "{tmp}/bad.yaml"], {}, "feeds[0] (x): url: Input should be a valid string"),
        (["run", "--warehouse", "mysql://db/antara"], {}, "unsupported warehouse URI 'mysql://db/antara'"),
        (["run"], {"ANTARA_MAX_RETRIES": "many"}, "invalid setting: max_retries: Input should be a valid integer"),
    ],
)
def test_a_configuration_error_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], expected: str
) -> None:
    (tmp_path / "bad.yaml").write_text("feeds:\n  - name: x\n    url: 3\n", encoding="utf-8")
    done = _cli(*(a.format(tmp=tmp_path) for a in args), tmp_path=tmp_path, env=env)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and expected in lines[0]
    assert "Traceback" not in done.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = _cli("--debug", "run", "--feeds", str(tmp_path / "missing.yaml"), tmp_path=tmp_path)
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert "RegistryError" in done.stderr
