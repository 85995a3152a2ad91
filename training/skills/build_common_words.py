#!/usr/bin/env python3
"""Write ``data/vocab/common_words.txt.gz``: the common English words (wordfreq zipf >= 3.0,
lower-case letters, "'" and "-" only), one a line, sorted.

    .venv/bin/python training/skills/build_common_words.py

Read by ``extractors/discover.py``: a discovered name that is one common English word
("deployment", "plan") is no skill name, and an "-ly" word whose stem is a common word
("quickly") is an adverb. Needs ``wordfreq`` (the ``train`` extra) at build time only.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "vocab" / "common_words.txt.gz"
MIN_ZIPF = 3.0
_WORD = re.compile(r"[a-z][a-z'-]*")


def main() -> int:
    import wordfreq

    words = sorted(w for w in wordfreq.iter_wordlist("en")
                   if _WORD.fullmatch(w) and wordfreq.zipf_frequency(w, "en") >= MIN_ZIPF)
    head = f"# wordfreq (code Apache 2.0, data CC BY-SA 4.0) English words with zipf >= {MIN_ZIPF}; training/skills/build_common_words.py\n"
    # mtime 0: the same words give the same bytes
    OUT.write_bytes(gzip.compress((head + "\n".join(words) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {OUT.relative_to(ROOT)}: {len(words)} words, {OUT.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
