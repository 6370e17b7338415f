"""Dispatch ``python -m pipeline.bench KIND ARGS…`` to ``pipeline.bench.KIND.main(ARGS)``."""

from __future__ import annotations

import importlib
import sys

KINDS = ("extraction", "translation", "warehouse", "dedup")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in KINDS:
        print(f"usage: python -m pipeline.bench {{{','.join(KINDS)}}} ARGS…", file=sys.stderr)
        return 2
    module = importlib.import_module(f"pipeline.bench.{argv[0]}")
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
