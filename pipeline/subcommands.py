"""``python -m pipeline.PACKAGE KIND ARGS…`` → ``pipeline.PACKAGE.KIND.main(ARGS)`` (evaluate, bench)."""

from __future__ import annotations

import importlib
import sys


def dispatch(package: str, kinds: tuple[str, ...], argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in kinds:
        print(f"usage: python -m {package} {{{','.join(kinds)}}} ARGS…", file=sys.stderr)
        return 2
    module = importlib.import_module(f"{package}.{argv[0]}")
    return int(module.main(argv[1:]) or 0)
