"""Dispatch ``python -m pipeline.evaluate KIND ARGS…`` to ``pipeline.evaluate.KIND.main(ARGS)``."""

from __future__ import annotations

import importlib
import sys

KINDS = ("extraction", "dedup", "translation")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in KINDS:
        print(f"usage: python -m pipeline.evaluate {{{','.join(KINDS)}}} ARGS…", file=sys.stderr)
        return 2
    module = importlib.import_module(f"pipeline.evaluate.{argv[0]}")
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
