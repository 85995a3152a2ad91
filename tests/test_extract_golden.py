"""Extraction output is unchanged, posting by posting, over the labelled postings of
``../shared/data/postings`` (a refactor must not move a single offset or feature).

When a change is meant to alter extraction, regenerate the digests in that commit
(``python -m tests.golden.regen``, see docs/internals.md) and say why in its message.
"""

from __future__ import annotations

import json

import pytest

from benchmarks._common import stale_installed_files
from tests.golden.digests import DIGESTS, compute, postings_dir

FOLDER = postings_dir()
pytestmark = pytest.mark.skipif(FOLDER is None, reason="../shared/data/postings is not present (a fresh clone has none)")


def test_every_labelled_posting_extracts_exactly_as_recorded():
    assert FOLDER is not None
    stale = stale_installed_files()
    assert not stale, f"the installed skillgap is not this tree ({stale[:3]}): pip install --no-deps . first"
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    got = compute(FOLDER)
    assert got.keys() == expected.keys()
    changed = sorted(k for k in got if got[k] != expected[k])
    assert not changed, f"{len(changed)} of {len(got)} postings extract differently, e.g. {changed[:5]}"
