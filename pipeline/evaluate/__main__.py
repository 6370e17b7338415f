"""``python -m pipeline.evaluate KIND ARGS…``: quality figures of one stage (``alignment-set`` builds test pairs)."""

import sys

from pipeline.subcommands import dispatch

KINDS = ("extraction", "dedup", "translation", "alignment", "alignment_set")

if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.argv[1] = sys.argv[1].replace("-", "_")  # `alignment-set` names the module alignment_set
    sys.exit(dispatch("pipeline.evaluate", KINDS))
