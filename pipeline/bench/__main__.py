"""``python -m pipeline.bench KIND ARGS…``: speed figures, printed side by side (never timed tests)."""

import sys

from pipeline.subcommands import dispatch

KINDS = ("extraction", "translation", "warehouse", "dedup", "backfill")

if __name__ == "__main__":
    sys.exit(dispatch("pipeline.bench", KINDS))
