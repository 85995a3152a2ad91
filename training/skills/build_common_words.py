#!/usr/bin/env python3
"""Write ``data/vocab/common_words.txt.gz``: the common English words (wordfreq zipf >= 3.0,
lower-case letters, "'" and "-" only), one a line, sorted; and (rules 2.13)
``data/vocab/other_common_words.txt.gz``: the common words of the other languages our sources
post in that are no common English word (Hebrew zipf >= 3.0, two letters or more: its words are
short, written without vowels; Dutch, French, German, Spanish, Italian, Portuguese, Polish zipf
>= 3.5, four letters or more, so short product names such as "sbt" or "zio" stay names).

    .venv/bin/python training/skills/build_common_words.py

Read by ``extractors/discover.py``: a discovered name that is one common English word
("deployment", "plan"; "עבודה", "outils", "erfahrung") is no skill name, and an "-ly" word whose
stem is a common English word ("quickly") is an adverb. Needs ``wordfreq`` (the ``train`` extra) at build time only.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "vocab" / "common_words.txt.gz"
OUT_OTHER = ROOT / "data" / "vocab" / "other_common_words.txt.gz"
MIN_ZIPF = 3.0
_WORD = re.compile(r"[a-z][a-z'-]*")
#: Other languages of the postings (wordfreq codes) and their thresholds: a discovered one-word
#: name that is a common word of one of them ("מול", "zoals", "données") is prose, not a skill.
#: Per language: (zipf at least, letters at least).
OTHER_LANGUAGES = {"he": (3.0, 2), **{lang: (3.5, 4) for lang in ("nl", "fr", "de", "es", "it", "pt", "pl")}}
_ANY_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")


def main() -> int:
    import wordfreq

    english = {w for w in wordfreq.iter_wordlist("en") if _WORD.fullmatch(w) and wordfreq.zipf_frequency(w, "en") >= MIN_ZIPF}
    other = {w for lang, (z, n) in OTHER_LANGUAGES.items() for w in wordfreq.iter_wordlist(lang)
             if len(w) >= n and _ANY_WORD.fullmatch(w) and wordfreq.zipf_frequency(w, lang) >= z} - english
    langs = ", ".join(f"{k} zipf >= {z} and >= {n} letters" for k, (z, n) in OTHER_LANGUAGES.items())
    credit = "# wordfreq (code Apache 2.0, data CC BY-SA 4.0)"
    for out, words, what in ((OUT, english, f"English words with zipf >= {MIN_ZIPF}"), (OUT_OTHER, other, f"words of {langs}, not common English")):
        head = f"{credit} {what}; training/skills/build_common_words.py\n"
        # mtime 0: the same words give the same bytes
        out.write_bytes(gzip.compress((head + "\n".join(sorted(words)) + "\n").encode("utf-8"), mtime=0))
        print(f"wrote {out.relative_to(ROOT)}: {len(words)} words, {out.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
