"""Compare the numpy title model with a spaCy text classifier on the same data (a recorded experiment).

    .venv/bin/python training/role_family/compare_spacy.py [--epochs 3] [--arch bow|cnn]

Both are fit on O*NET titles + compositions only (no dev title), so every dev title is held-out;
both see the same parsed title ("<head words> | <modifier words>"). Prints accuracy per dev set
and prediction speed. The figures are copied into data/models/role_family/MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train  # noqa: E402

from skillgap.extractors import roles  # noqa: E402

BOW = """
[model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = true
ngram_size = 2
no_output_layer = false
length = 262144
"""
CNN = """
[model]
@architectures = "spacy.TextCatCNN.v2"
exclusive_classes = true
nO = null

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 64
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""


def as_text(title: str) -> str:
    p = roles.parse_title(title)
    return " ".join(p.head) + (" mgr" if p.managerial else "") + " | " + " ".join(p.modifiers)


def main(argv: list[str] | None = None) -> int:
    import spacy
    from spacy.training import Example
    from spacy.util import minibatch
    from thinc.api import Config

    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--arch", choices=("bow", "cnn"), default="bow")
    a = ap.parse_args(argv)
    cfg = train.load_config()
    base, dev, _ = train.build_training(cfg)

    nlp = spacy.blank("en")
    tc = nlp.add_pipe("textcat", config=Config().from_str(BOW if a.arch == "bow" else CNN))
    for c in roles.FAMILIES:
        tc.add_label(c)
    data = [(as_text(e.title), {"cats": {c: float(c == e.label) for c in roles.FAMILIES}}) for e in base]
    exs = [Example.from_dict(nlp.make_doc(t), ann) for t, ann in data]
    t0 = time.perf_counter()
    opt = nlp.initialize(lambda: exs[:2000])
    rng = random.Random(0)
    for ep in range(a.epochs):
        rng.shuffle(exs)
        losses: dict = {}
        for batch in minibatch(exs, size=256):
            nlp.update(batch, sgd=opt, losses=losses)
        print(f"epoch {ep}: loss {losses.get('textcat', 0):.2f}")
    fit_s = time.perf_counter() - t0

    texts = [as_text(e.title) for e in dev]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts * 10, batch_size=256))
    per_s = len(docs) / (time.perf_counter() - t0)
    title_pred = [max(d.cats, key=d.cats.get) for d in docs[: len(dev)]]
    preds = []
    for e, p in zip(dev, title_pred):
        if p == "other" and e.source != "titles_dev" and roles.title_is_uninformative(e.title):
            p = roles._from_description(e.description) or p
        preds.append(p)
    print(f"spaCy textcat ({a.arch}, {a.epochs} epochs): fit {fit_s:.0f} s, {per_s:,.0f} titles/s (nlp.pipe, parsed text given)")
    for k, v in train.report(dev, preds).items():
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
