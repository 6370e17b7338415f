"""``python -m pipeline.evaluate KIND ARGS…``: quality figures of one stage."""

import sys

from pipeline.subcommands import dispatch

KINDS = ("extraction", "dedup", "translation", "alignment")

if __name__ == "__main__":
    sys.exit(dispatch("pipeline.evaluate", KINDS))
