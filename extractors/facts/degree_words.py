"""Degree names as regular-expression fragments, for the patterns of :mod:`.years` and
:mod:`.years_paths` (compiled with ``re.I``). Each fragment is a bare alternative, no group: wrap
it in ``(?:...)`` before adding a quantifier. Variants of one degree differ in how much of the
word they take; which one a pattern uses depends on what follows the fragment there.

(The doctorate that :mod:`.years_paths` masks out is a hand-tuned pattern of its own, ``_PHD``.)
"""

from __future__ import annotations

# Bachelor / master: the word only ("Master" of "Master's"), for a pattern that ends it with "\b".
BACHELOR = r"bachelor\w*"
MASTER = r"master\w*"
# The whole token up to the next space ("Master's", "Master’s,"), for a pattern that goes on
# after it ("Master's and 4+ years", "Master's degree") or reads it whole (years_paths' ranks).
BACHELOR_TOKEN = r"bachelor\S*"
MASTER_TOKEN = r"master\S*"
# "Master Data Management" is no degree.
MASTER_NOT_DATA = MASTER + r"(?!\s+data)"
# The possessive spelt out: "bachelor", "bachelors", "bachelor's", "bachelor’s"; the master's
# needs its "s" (a bare "master" is also a verb: "master new tools").
BACHELOR_POSSESSIVE = r"bachelor['’]?s?"
MASTER_POSSESSIVE = r"master['’]?s"

# Doctorate: "PhD", "Ph.D.", "Ph. D", "Ph D"; "doctorate", "doctoral".
PHD = r"ph\.?\s?d\.?"
DOCTORA = r"doctora\w*"
DOCTORATE = r"doctorate"

# Abbreviations, dots optional. Without the final dot for a pattern that ends them with "\b"
# (a "\b" after a final dot would need a word character next); with it for "(?!\w)" or "\s".
BS = r"b\.?s\.?c?"  # BS, B.S, BSc, B.Sc
BS_DOT = BS + r"\.?"
MS = r"m\.?s\.?c?"  # MS, M.S, MSc, M.Sc
MS_DOT = MS + r"\.?"
BA = r"b\.?a"
BA_DOT = BA + r"\.?"
MA = r"m\.?a"
MA_DOT = MA + r"\.?"
BENG = r"b\.?eng"
BENG_DOT = BENG + r"\.?"
MENG = r"m\.?eng"
MENG_DOT = MENG + r"\.?"
MBA = r"mba"
# "MS Excel", "MS Access", "MS SQL": Microsoft, no master's degree.
MS_NOT_MICROSOFT = MS + r"(?!\s*(?:office|excel|access|word|power\s?point|outlook|sql|project|visio|teams|dynamics|windows|365)\b)"


def alternatives(*fragments: str) -> str:
    """The fragments as one alternation, ungrouped: ``"a|b|c"``."""
    return "|".join(fragments)
