#!/usr/bin/env python3
"""In-process speed of the candidate decisions compared in issue 17, measured in one process on
the same postings, alternating (a shared machine: only the ratios mean something).

    nice -n 10 .venv/bin/python training/skills/speed_models.py [--runs 3]
    nice -n 10 .venv/bin/python training/skills/speed_models.py --discover [--runs 5]

Models: the 2.3 linear model (main's file) with the context-vector features not emitted (what
2.3 did); rules alone; the 2.3 model; the shipped 2.5 model (sparse + folded context-vector
weights); the same with a dense MLP head (16 tanh units over the vectors projected to 32
dimensions; timing does not depend on the weights, so random ones). All but the first emit the
vector features.

``--discover`` (rules 2.6): the shipped model with names beyond the vocabulary off and on
(``extractors/discover.py``), alternating, on the same postings: best of each, and the median
of the per-round ratios (steadier on a loaded machine).

``--against COMMIT`` (rules 2.9): the working tree's extractor and model against the model file and
lexicon of ``COMMIT`` with the forms gated ``resolve_only`` not matched (as rules 2.8 shipped), both in this
process, alternating, on dev_payloads + dev (95 postings): best of each and the median paired ratio.
``--tagger`` with it (issue 17, the span proposer): ``COMMIT``'s model and lexicon as they are
(resolve-only forms matched, as 2.9), against the working tree's model without and with its
tagger (``extractors/tagger.py``). ``--stacker`` likewise, without and with the model's second
stage (``extractors/stacker.py``, rules 2.10).

``--mined K`` (issue 17, mine17): the shipped model (discovery on) without and with the corpus-mined
names discovered in >= K companies (``build_mined.py``, ``extractors/mined.py``), alternating, the
order rotating, on dev_payloads + dev: best of each and the median of the paired ratios.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402
import train as T  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--discover", action="store_true", help="discovery off vs on, the shipped model")
    ap.add_argument("--against", metavar="COMMIT", help="the working tree against COMMIT's model, resolve-only forms off (2.8)")
    ap.add_argument("--tagger", action="store_true", help="with --against: COMMIT as is against the working tree without / with its tagger")
    ap.add_argument("--stacker", action="store_true",
                    help="with --against: COMMIT as is against the working tree's model without / with its second stage (stacker.py)")
    ap.add_argument("--mined", type=int, metavar="K", help="the shipped model without / with the corpus-mined names of >= K companies")
    args = ap.parse_args()
    if args.mined:
        return mined_ratio(args.mined, args.runs)
    if args.discover:
        return discover_ratio(args.runs)
    if args.against:
        return against(args.against, args.runs, tagger=args.tagger, stacker=args.stacker)
    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.skill_model import DenseHead, SkillModel, load_skill_model
    from skillgap.extractors.vectors import VECTOR_PREFIXES

    shipped = load_skill_model()
    assert shipped is not None
    old = SkillModel.from_bytes(subprocess.run(["git", "-C", str(ROOT), "show", "94e35f5:data/models/skills/model.json.gz"],
                                               check=True, capture_output=True).stdout)
    idx, q, scale = T.head_table(32)
    m, h = 32 * len(VECTOR_PREFIXES), 16
    rng = np.random.default_rng(0)
    head = DenseHead(words=idx, vectors=q, scale=scale, blocks=VECTOR_PREFIXES, W1=rng.normal(0, 0.1, (m, h)).astype(np.float32),
                     b1=np.zeros(h, np.float32), w2=rng.normal(0, 0.1, h).astype(np.float32), u=np.zeros(m, np.float32))
    mlp = SkillModel(weights=shipped.weights, bias=shipped.bias, threshold=shipped.threshold, head=head)
    items = E.extract_inputs(E.postings("dev_payloads"))
    ex = Extractor()
    from skillgap.extractors import features as F

    emit = F.vector_features
    models = {"2.3 model, no vector features (as 2.3)": old, "rules only": None, "2.3 linear (sparse)": old, "2.5 linear + context vectors (shipped)": shipped,
              "2.5 + MLP head (16 units)": mlp}

    def run(name: str) -> Any:
        F.vector_features = (lambda *a, **k: []) if "no vector" in name else emit
        ex.skill_model = models[name]
        return ex.extract_many(items)

    took = E.alternating({name: partial(run, name) for name in models}, args.runs)
    F.vector_features = emit
    best = {name: min(t) for name, t in took.items()}
    base = best["2.3 model, no vector features (as 2.3)"]
    for name, s in best.items():
        print(f"| {name} | {len(items) / s:.1f} | {base / s:.2f} |")
    return 0


def discover_ratio(runs: int) -> int:
    """dev_payloads through ``Extractor.extract_many`` in this process, discovery off and on,
    alternating, best of ``runs`` each."""
    from skillgap.extractors.extract import Extractor

    items = E.extract_inputs(E.postings("dev_payloads"))
    ex = {"discovery off": Extractor(discover=False), "discovery on": Extractor(discover=True)}
    took = E.alternating({name: partial(x.extract_many, items) for name, x in ex.items()}, runs)
    best = {name: min(t) for name, t in took.items()}
    pairs = [a / b for a, b in zip(took["discovery off"], took["discovery on"])]
    base = best["discovery off"]
    for name, sec in best.items():
        print(f"| {name} | {len(items) / sec:.1f} | {base / sec:.2f} |")
    print(f"median of the {runs} paired ratios (on / off rate): {float(np.median(pairs)):.2f}")
    return 0


def mined_ratio(k: int, runs: int) -> int:
    """The shipped extractor (discovery on) without and with the corpus-mined names of >= ``k``
    companies, in this process, alternating (order rotating), on dev_payloads + dev."""
    import build_mined as M

    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.mined import MinedNames

    items = E.extract_inputs([*E.postings("dev_payloads"), *E.postings("dev")])
    off, on = Extractor(discover=True), Extractor(discover=True)
    off.mined, on.mined = None, MinedNames.from_bytes(M.build(k))
    took = E.alternating({"mined off": partial(off.extract_many, items), "mined on": partial(on.extract_many, items)}, runs, rotate=True)
    best = {name: min(t) for name, t in took.items()}
    pairs = [a / b for a, b in zip(took["mined off"], took["mined on"])]
    for name, sec in best.items():
        print(f"| {name} | {len(items) / sec:.1f} | {best['mined off'] / sec:.2f} |")
    print(f"{len(on.mined)} names; median of the {runs} paired ratios (on / off rate): {float(np.median(pairs)):.3f}")
    return 0


def against(commit: str, runs: int, tagger: bool = False, stacker: bool = False) -> int:
    """``commit``'s model and lexicon with resolve-only forms off (as rules 2.8 shipped), against
    the working tree's extractor with its model without and with the label-rate prior (rules 2.9),
    in this process, the order rotating each round: best of ``runs`` each and the median of the
    per-round ratios to the first."""
    import dataclasses
    import statistics

    from skillgap.extractors import extract as X
    from skillgap.extractors import forms
    from skillgap.extractors.skill_model import SkillModel, load_skill_model
    from skillgap.extractors.taxonomy import extend, load_taxonomy

    def show(path: str) -> bytes:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], check=True, capture_output=True).stdout

    items = E.extract_inputs(E.postings("dev_payloads") + E.postings("dev"))
    old_model = SkillModel.from_bytes(show("data/models/skills/model.json.gz"))
    new_model = load_skill_model()
    assert new_model is not None
    # taxonomies of their own, built the same way (the bundled one's tables are cached per process)
    forms.RESOLVE_CANDIDATES = tagger
    old = X.Extractor(extend(load_taxonomy(extended=False), lexicon=show("data/vocab/labelled.tsv.gz")), skill_model=old_model, discover=True)
    forms.RESOLVE_CANDIDATES = True
    new = X.Extractor(extend(load_taxonomy(extended=False)), skill_model=new_model, discover=True)
    taggers: dict[str, object] = {}
    if stacker:  # issue 17 (gbm17): COMMIT as is against the working tree without / with its second stage
        forms.RESOLVE_CANDIDATES = True
        old = X.Extractor(extend(load_taxonomy(extended=False), lexicon=show("data/vocab/labelled.tsv.gz")), skill_model=old_model, discover=True)
        assert new_model.stacker is not None, "the working tree's model carries no second stage"
        exs = {f"{commit}: its model and lexicon": (old, old_model),
               "working tree, second stage off": (new, dataclasses.replace(new_model, stacker=None)),
               "working tree, second stage on": (new, new_model)}
    elif tagger:
        from skillgap.extractors.tagger import load_tagger

        found = load_tagger(new_model)
        assert found is not None, "the working tree's model names no tagger"
        exs = {f"{commit}: its model and lexicon": (old, old_model),
               "working tree, tagger off": (new, new_model), "working tree, tagger on": (new, new_model)}
        taggers = {"working tree, tagger on": found}
    else:
        exs = {f"{commit}: its model and lexicon, resolve-only forms off (2.8)": (old, old_model),
               "working tree, model without its prior": (new, dataclasses.replace(new_model, prior=None)),
               "working tree (2.9)": (new, new_model)}
    for n, (x, m) in exs.items():  # warm the per-name caches
        x.skill_model = m
        x.tagger = taggers.get(n)  # type: ignore[assignment]
        list(x.extract_many(items[:10]))
    names = list(exs)

    def run(n: str) -> Any:
        x, m = exs[n]
        x.skill_model = m
        x.tagger = taggers.get(n)  # type: ignore[assignment]
        return x.extract_many(items)

    took = E.alternating({n: partial(run, n) for n in names}, runs, rotate=True)
    base = took[names[0]]
    for n in names:
        ratio = statistics.median(a / b for a, b in zip(base, took[n]))
        print(f"| {n} | {len(items) / min(took[n]):.1f} | {min(base) / min(took[n]):.3f} | {ratio:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
