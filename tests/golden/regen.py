"""Rewrite ``tests/golden/extract_digests.json`` from the current extractor.

    SKILLGAP_SHARED=/path/to/shared python -m tests.golden.regen

Run it only in a commit that means to change extraction output (rules, taxonomy, vocabulary,
model or its features) and say in that commit's message what changed and why; a pure refactor
must leave the file as it is (the golden test is its proof).
"""

from __future__ import annotations

import json
import sys

from benchmarks._common import require_fresh_install
from tests.golden.digests import DIGESTS, compute, postings_dir


def main() -> int:
    folder = postings_dir()
    if folder is None:
        print("../shared/data/postings not found (set SKILLGAP_SHARED)", file=sys.stderr)
        return 2
    require_fresh_install()  # the digests are the installed package's output
    digests = compute(folder)
    DIGESTS.write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(digests)} posting digests to {DIGESTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
