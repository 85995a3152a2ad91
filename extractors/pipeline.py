"""The one spaCy pipeline builder: ``spacy.blank("en")`` + a taxonomy-driven skill matcher, and
:func:`match_text`, the same matching without a ``Doc``.

Patterns come from the taxonomy only (:mod:`~skillgap.extractors.forms`). Every alias is tokenised
with the pipeline's own tokenizer (:mod:`~skillgap.extractors.tokenizer`), so forms such as
``C++``, ``C#``, ``.NET``, ``CI/CD``, ``A/B testing``, ``scikit-learn`` and ``Node.js`` match
exactly as they are split in running text. Matching (:mod:`~skillgap.extractors.matcher`) is
case-insensitive except for skills gated ``case_sensitive``, whose forms match only as written.
The canonical skill travels on ``span.id_``; the longest match wins. Forms gated ``resolve_only``
are matched last (any other form sharing the words keeps its skill) and only the learned model can
keep them (``forms.RESOLVE_CANDIDATES``, rules 2.9).

One tokenisation path, one matching path: ``nlp(text)`` builds a ``Doc`` from
``RegexTokenizer.words`` and runs ``SkillMatcher.match_words`` over its words; the extractor calls
:func:`match_text`, which runs the same two without the ``Doc`` (building a ``Doc`` of ~800 words
cost more than the matching).
"""

from __future__ import annotations

from itertools import accumulate
from operator import add
from typing import Any, Protocol, cast

import spacy
from spacy.attrs import IS_SPACE, LOWER, NORM
from spacy.language import Language

from skillgap.extractors.forms import compact_forms, lexicon_pairs, patterns, skill_forms, unsplit_names, vocabulary_forms
from skillgap.extractors.matcher import GATED_LABEL, LABEL, LOWERS_KEY, ROWS_KEY, RULER_NAME, SPANS_KEY, MatchRow, SkillMatcher
from skillgap.extractors.tokenizer import RegexTokenizer

__all__ = [
    "SPANS_KEY",
    "ROWS_KEY",
    "LOWERS_KEY",
    "LABEL",
    "GATED_LABEL",
    "RULER_NAME",
    "SkillLike",
    "TaxonomyLike",
    "build_nlp",
    "skill_forms",
    "compact_forms",
    "match_text",
    "MatchRow",
    "RegexTokenizer",
    "SkillMatcher",
]


class SkillLike(Protocol):
    name: str
    category: str
    aliases: tuple[str, ...]
    gate: str | None


class TaxonomyLike(Protocol):
    @property
    def skills(self) -> tuple[Any, ...]: ...


def build_nlp(taxonomy: TaxonomyLike) -> Language:
    """Build the extraction pipeline for ``taxonomy``: ``spacy.blank("en")`` with the fast
    posting tokenizer and one ``skill_matcher`` whose patterns come from the taxonomy."""
    nlp = spacy.blank("en")
    # Only the lexeme attributes matching uses: computing all of them for the ~70k words of the
    # vocabulary's forms was most of the build time.
    keep_attrs = {LOWER, NORM, IS_SPACE}
    vocab: Any = nlp.vocab  # lex_attr_getters is missing from spaCy's Vocab stub
    vocab.lex_attr_getters = {k: v for k, v in vocab.lex_attr_getters.items() if k in keep_attrs}
    nlp.tokenizer = RegexTokenizer(nlp.vocab, unsplit_names(taxonomy.skills))
    matcher = cast(SkillMatcher, nlp.add_pipe("skill_matcher", name=RULER_NAME, config={"spans_key": SPANS_KEY}))
    curated = [s for s in taxonomy.skills if getattr(s, "origin", "curated") == "curated"]
    matcher.add_patterns(patterns(curated))
    derived = [s for s in taxonomy.skills if getattr(s, "origin", "curated") != "curated"]
    if derived:
        matcher.add_vocabulary(vocabulary_forms(derived))
    lexicon = getattr(taxonomy, "lexicon_forms", ())
    if lexicon:  # the labelled-names lexicon: forms of known skills, matched like the vocabulary's
        matcher.add_vocabulary(lexicon_pairs(lexicon))
    return nlp


def match_text(nlp: Language, text: str, *, starts: list[int] | None = None) -> tuple[list[str], list[str], list[MatchRow]] | None:
    """The words, lower-cased words and matcher rows (as in ``doc.user_data[ROWS_KEY]``) of
    ``text`` through a pipeline made by :func:`build_nlp`, without building a ``Doc`` (building
    one costs more than the matching); None when ``nlp`` is some other pipeline. ``starts``, when
    given, receives each word's character offset."""
    tok = nlp.tokenizer
    if not isinstance(tok, RegexTokenizer) or nlp.pipe_names != [RULER_NAME]:
        return None
    matcher = nlp.get_pipe(RULER_NAME)
    if not isinstance(matcher, SkillMatcher):
        return None
    words, spaces = tok.words(text)
    lowers, kept = matcher.match_words(words)
    if not kept and starts is None:
        return words, lowers, []
    # character offset of each token: the lengths of the tokens and trailing spaces before it
    idx = [0, *accumulate(map(len, words))]
    sp = [0, *accumulate(spaces)]
    if starts is not None:
        starts[:] = map(add, idx[: len(words)], sp[: len(words)])
    return words, lowers, [MatchRow(s, e, idx[s] + sp[s], idx[e] + sp[e - 1], sid, label) for s, e, sid, label in kept]
