"""Train (and evaluate) the role-family title model; one command rebuilds the shipped artefact.

    .venv/bin/python training/role_family/train.py            # CV figures + ship data/models/role_family/
    .venv/bin/python training/role_family/train.py --eval-only  # CV figures only, nothing written
    .venv/bin/python training/role_family/train.py --no-eval    # ship without CV

Reads ``../shared/data`` (O*NET 29.3 titles; the labelled dev titles) and ``config.yaml`` beside this
file. Needs numpy and scipy (L-BFGS); both are in the project's venv.

Labels: O*NET titles through ``data/soc_role_family.yaml``; head/modifier compositions from the
phrase lists in the config; the real dev titles (training folds only when cross-validating).
Held-out figures: group k-fold over the pooled dev sets (identical titles share a fold), the
model refit on O*NET + compositions + the training folds each time.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from skillgap.extractors import roles  # noqa: E402

CLASSES = roles.FAMILIES
CONFIG = HERE / "config.yaml"
OUT_DIR = ROOT / "data" / "models" / "role_family"


@dataclass(frozen=True)
class Example:
    title: str
    label: str
    weight: float = 1.0
    description: str = ""
    source: str = "onet"
    ambiguous: bool = False
    group: str = ""


def load_config(path: Path = CONFIG) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def resolve(p: str) -> Path:
    path = Path(p)
    return path if path.is_absolute() else (ROOT / path).resolve()


# --- O*NET labels ---------------------------------------------------------------------------------

def load_soc_map(path: Path) -> dict:
    m = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = {c: v["family"] for c, v in (m.get("codes") or {}).items()}
    bad = [c for c, f in codes.items() if f not in CLASSES]
    overrides = {k.lower(): v for k, v in (m.get("title_overrides") or {}).items()}
    bad += [k for k, v in overrides.items() if v is not None and v not in CLASSES]
    patterns = [(re.compile(p["pattern"], re.I), p["family"]) for p in (m.get("title_patterns") or [])]
    bad += [p.pattern for p, f in patterns if f not in CLASSES]
    if bad:
        raise ValueError(f"{path}: unknown family for {bad}; allowed: {list(CLASSES)}")
    return {"default": m.get("default", "other"), "codes": codes, "overrides": overrides, "patterns": patterns}


def label_onet_titles(onet_dir: Path, soc: dict) -> list[Example]:
    by_title: dict[str, list[str]] = defaultdict(list)
    spelled: dict[str, str] = {}
    for name, col in (("alternate_titles.csv", "Alternate Title"), ("sample_of_reported_titles.csv", "Reported Job Title")):
        with (onet_dir / name).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                t = (row[col] or "").strip()
                if not t:
                    continue
                key = t.lower()
                spelled.setdefault(key, t)
                by_title[key].append(row["O*NET-SOC Code"])
        # occupation names themselves ("Data Scientists") are titles too
    with (onet_dir / "occupation_data.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            t = row["Title"].strip()
            spelled.setdefault(t.lower(), t)
            by_title[t.lower()].append(row["O*NET-SOC Code"])
    out = []
    for key, codes in by_title.items():
        if key in soc["overrides"]:
            fam = soc["overrides"][key]
            if fam is None:
                continue
        else:
            fam = next((f for p, f in soc["patterns"] if p.search(key)), None)
            if fam is None:
                votes = Counter(soc["codes"].get(c, soc["default"]) for c in set(codes))
                (fam, n), *rest = votes.most_common()
                if rest and rest[0][1] == n:
                    continue
        out.append(Example(spelled[key], fam, 1.0, source="onet", group="onet:" + ",".join(sorted(set(codes)))))
    return out


# --- compositions ---------------------------------------------------------------------------------

def _kind(codes: list[str], fam: str, s: dict) -> str:
    if fam != "other":
        return fam
    if any(c in s["engineering_codes"] for c in codes):
        return "engineering"
    if any(c.startswith(tuple(s["business_codes"])) and c not in s["not_business_codes"] for c in codes):
        return "business"
    return "other"


def compositions(onet: list[Example], cfg: dict, seed: int) -> list[Example]:
    """Titles made of a head and an area or prefix, labelled by the head (see config.yaml)."""
    s = cfg["synth"]
    rng = random.Random(seed)
    heads = [(e.title, _kind(e.group[5:].split(","), e.label, s), 1) for e in onet]
    rep = int(s["extra_head_repeats"])
    heads += [(h, kind, rep) for kind, hs in s["heads"].items() for h in hs]
    areas = ([(a, "ml") for a in s["ml_areas"]] + [(a, "data") for a in s["data_areas"]]
             + [(a, "neutral") for a in s["neutral_areas"]] * 2 + [(a, "product") for a in s["ai_product_areas"]] * 2)
    family = {"ml": "ml", "data": "data", "engineering": "other", "business": "other", "other": "other"}
    out = []

    def level(t: str) -> str:
        p, q = rng.choice(s["level_prefixes"]), rng.choice(s["level_suffixes"])
        return (f"{p} {t}" if p else t) + q

    for title, kind, times in heads:
        fam = family[kind]
        if times > 1:
            out.extend(Example(level(title), fam, 1.0, source="synth") for _ in range(int(s["bare_per_head"])))
        n = float(s["per_title"][kind]) * times
        n = int(n) + (rng.random() < n - int(n))
        for _ in range(n):
            area, akind = rng.choice(areas)
            if rng.random() < 0.25 and kind in ("business", "engineering"):
                # prefix form: "AI Account Executive" (other), "ML Platform Engineer" (ml)
                akind = rng.choice(("ml", "data"))
                pre = rng.choice(s["ml_prefixes"] if akind == "ml" else s["data_prefixes"])
                lab = "ml" if (kind == "engineering" and akind == "ml") else fam
                if akind == "data" and title.lower().endswith("analyst"):
                    lab = "data"  # "Data Marketing Analyst": an analyst of data is a data analyst
                if kind == "engineering" and akind == "data":
                    continue  # "Data Platform Engineer" is a data head, not a composition
                out.append(Example(level(f"{pre} {title}"), lab, 1.0, source="synth"))
                continue
            sep = rng.choice(s["separators"])
            t = level(title) + sep + area + (")" if sep.strip() == "(" else "")
            lab = "ml" if (kind == "engineering" and akind == "ml") else fam
            out.append(Example(t, lab, 1.0, source="synth"))
    for head in s["generic_heads"]:
        for _ in range(rep * 4):
            area, akind = rng.choice(areas)
            sep = rng.choice(s["separators"])
            t = level(head) + sep + area + (")" if sep.strip() == "(" else "")
            out.append(Example(t, akind if akind in ("ml", "data") else "other", 1.0, source="synth"))
    # "Speech Recognition Engineer", "Ranking Scientist": an ML area named before a technical noun
    for area in s["ml_areas"]:
        for noun in s["ml_nouns"]:
            out.extend(Example(level(f"{area} {noun}"), "ml", 1.0, source="synth") for _ in range(2))
    for fam, funcs in s["functions"].items():
        for fn in funcs:
            for form in s["intern_forms"]:
                out.append(Example(form.format(fn=fn), fam, 1.0, source="synth"))
            for _ in range(s["managerial_per_function"]):
                m = rng.choice(s["managerial_heads"])
                form = rng.randrange(4 if s.get("managerial_suffix") else 3)
                t = (f"{m} of {fn}" if form == 0 else f"{m}, {fn}" if form == 1 else f"{m} - {fn}" if form == 2
                     else f"{fn} {m.split()[-1]}")  # "Data Science Manager", "Analytics Director"
                if rng.random() < 0.4:
                    area, _k = rng.choice(areas)
                    t += rng.choice((", ", " - ", " (")) + area
                out.append(Example(t, fam, 1.0, source="synth"))
    return out


# --- dev sets -------------------------------------------------------------------------------------

def group_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", roles._normalise(title)))


def company_group(record: dict) -> str:
    """A posting's cross-validation group: its company (postings of one company share titles,
    templates and labelling habits, so they share a fold), or its title when no company is named."""
    company = " ".join(re.findall(r"[a-z0-9]+", str(record.get("company") or "").lower()))
    return "c:" + company if company else "t:" + group_key(record.get("title") or "")


def load_dev(cfg: dict) -> list[Example]:
    out = []
    for name, p in cfg["data"]["dev_sets"].items():
        path = resolve(p)
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            r = json.loads(line)
            out.append(
                Example(
                    r["title"] or "",
                    r["role_family"],
                    float(cfg["data"]["dev_weight"]),
                    description=r.get("description") or "",
                    source=name,
                    ambiguous=bool(r.get("ambiguous")),
                    group=company_group(r) if "company" in r else "t:" + group_key(r["title"] or ""),
                )
            )
    return out


def assign_folds(dev: list[Example], k: int, seed: int) -> list[int]:
    """Group k-fold: a company's postings (a title's duplicates where no company is named) share a
    fold, over the posting sets pooled (a company may appear in more than one); titles_dev (one
    company's board, labelled from titles alone) is split by title. Groups are dealt largest first
    to the emptiest fold."""
    rng = random.Random(seed)
    folds = [0] * len(dev)
    by_pool_group: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, e in enumerate(dev):
        pool = e.source if e.source == "titles_dev" else "postings"
        by_pool_group[pool][e.group].append(i)
    for _pool, groups in by_pool_group.items():
        items = list(groups.values())
        rng.shuffle(items)
        items.sort(key=lambda idx: (-len(idx), dev[idx[0]].label))
        load = [0] * k
        for idx in items:
            f = min(range(k), key=lambda j: load[j])
            load[f] += len(idx)
            for i in idx:
                folds[i] = f
    return folds


# --- model ----------------------------------------------------------------------------------------

_FEATS: dict[tuple[str, int], np.ndarray] = {}


def _hashed(title: str, bits: int) -> np.ndarray:
    key = (title, bits)
    if key not in _FEATS:
        _FEATS[key] = np.unique(roles.hash_features(roles.features(roles.parse_title(title)), bits))
    return _FEATS[key]


def featurize(titles: list[str], bits: int):
    from scipy import sparse

    rows, cols = [], []
    for i, t in enumerate(titles):
        idx = _hashed(t, bits)
        rows.append(np.full(len(idx), i, dtype=np.int64))
        cols.append(idx)
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(titles), 1 << bits))


def fit(examples: list[Example], cfg: dict) -> np.ndarray:
    from scipy.optimize import minimize

    m = cfg["model"]
    bits = int(m["bits"])
    X = featurize([e.title for e in examples], bits)
    y = np.array([CLASSES.index(e.label) for e in examples])
    w = np.array([e.weight for e in examples], dtype=np.float64)
    # classes are very unequal (O*NET is mostly other): weight class c by (n_other / n_c) ** power
    n_c = np.bincount(y, minlength=len(CLASSES)).astype(np.float64)
    cw = (n_c[CLASSES.index("other")] / np.maximum(n_c, 1.0)) ** float(m.get("class_weight_power", 0.5))
    w = w * cw[y]
    w = w / w.sum()
    Y = np.zeros((len(y), len(CLASSES)))
    Y[np.arange(len(y)), y] = 1.0
    used = np.unique(X.indices)  # optimise only the columns some example uses
    Xu = X[:, used]
    l2 = float(m["l2"])
    K = len(CLASSES)

    def loss_grad(theta):
        W = theta.reshape(len(used), K)
        Z = Xu @ W
        Z -= Z.max(axis=1, keepdims=True)
        logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        loss = -(w * (Y * logp).sum(axis=1)).sum() + 0.5 * l2 * (theta @ theta)
        G = (np.exp(logp) - Y) * w[:, None]
        grad = (Xu.T @ G) + l2 * W
        return loss, grad.ravel()

    res = minimize(loss_grad, np.zeros(len(used) * K), jac=True, method="L-BFGS-B", options={"maxiter": int(m["max_iter"])})
    W = np.zeros((1 << bits, K), dtype=np.float32)
    W[used] = res.x.reshape(len(used), K)
    return W


def as_model(W: np.ndarray, cfg: dict, version: str = "cv") -> roles.RoleModel:
    return roles.RoleModel(weights=W, bits=int(cfg["model"]["bits"]), classes=CLASSES, version=version, meta={})


# --- evaluation -----------------------------------------------------------------------------------

def scores(golds: list[str], preds: list[str]) -> dict:
    n = len(golds)
    acc = sum(g == p for g, p in zip(golds, preds)) / n if n else 0.0
    pos_pred = [i for i, p in enumerate(preds) if p != "other"]
    pos_gold = [i for i, g in enumerate(golds) if g != "other"]
    prec = sum(golds[i] == preds[i] for i in pos_pred) / len(pos_pred) if pos_pred else None
    rec = sum(golds[i] == preds[i] for i in pos_gold) / len(pos_gold) if pos_gold else None
    return {"n": n, "accuracy": round(acc, 3), "mldata_precision": None if prec is None else round(prec, 3),
            "mldata_recall": None if rec is None else round(rec, 3), "predicted_mldata": len(pos_pred)}


def predict_examples(predict, exs: list[Example]) -> list[str]:
    return [predict(e.title, e.description if e.source != "titles_dev" else "") for e in exs]


#: The sets a model is chosen on (never read while writing rules); their pooled accuracy decides.
SELECT_ON = ("train_pool", "dev_payloads")


def report(dev: list[Example], preds: list[str]) -> dict:
    out = {}
    for src in dict.fromkeys(e.source for e in dev):
        idx = [i for i, e in enumerate(dev) if e.source == src]
        out[src] = scores([dev[i].label for i in idx], [preds[i] for i in idx])
    sel = [i for i, e in enumerate(dev) if e.source in SELECT_ON]
    if sel:
        out[" + ".join(SELECT_ON)] = scores([dev[i].label for i in sel], [preds[i] for i in sel])
    for src in dict.fromkeys(e.source for e in dev):
        idx = [i for i, e in enumerate(dev) if e.source == src]
        if any(dev[i].ambiguous for i in idx):
            clear = [i for i in idx if not dev[i].ambiguous]
            out[src + " (unambiguous)"] = scores([dev[i].label for i in clear], [preds[i] for i in clear])
    return out


def cross_validate(cfg: dict, *, base: list[Example], dev: list[Example], use_dev: bool = True) -> list[str]:
    k = int(cfg["data"]["folds"])
    folds = assign_folds(dev, k, int(cfg["data"]["seed"]))
    preds: list[str] = [""] * len(dev)
    for f in range(k):
        train = list(base)
        if use_dev:
            train += [e for e, g in zip(dev, folds) if g != f and not (e.ambiguous and cfg["data"]["skip_ambiguous"])]
        model = as_model(fit(train, cfg), cfg)
        for i, (e, g) in enumerate(zip(dev, folds)):
            if g == f:
                preds[i] = roles.predict(e.title, e.description if e.source != "titles_dev" else "", model=model)
        if not use_dev:  # one fit serves every fold
            for i, e in enumerate(dev):
                preds[i] = roles.predict(e.title, e.description if e.source != "titles_dev" else "", model=model)
            break
    return preds


CACHE = HERE / ".cache"


def _fit_key(cfg: dict, excluded: frozenset[int]) -> str:
    """Digest of what a title-model fit depends on (the version label does not change a fit)."""
    model = {k: v for k, v in cfg["model"].items() if k != "version"}
    key = json.dumps({"model": model, "data": cfg["data"], "synth": cfg["synth"], "excluded": sorted(excluded)}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def fit_all(cfg: dict, base: list[Example], dev: list[Example]) -> np.ndarray:
    """The title model fit on O*NET + compositions + every dev title (cached like the fold fits)."""
    path = CACHE / f"title_weights.{_fit_key(cfg, frozenset())}.npy"
    if path.exists():
        return np.load(path)
    W = fit(base + [e for e in dev if not (e.ambiguous and cfg["data"]["skip_ambiguous"])], cfg)
    CACHE.mkdir(exist_ok=True)
    np.save(path, W)
    return W


def title_probs_without(cfg: dict, base: list[Example], dev: list[Example], folds: list[int],
                        excluded: frozenset[int], log=print) -> np.ndarray:
    """Every dev example's title probabilities from a title model fit on O*NET + compositions + the
    dev titles outside the ``excluded`` folds. Cached in ``.cache/`` (not committed) under a digest
    of the settings, so the nested evaluation and shipping share their fits."""
    path = CACHE / f"title_probs.{_fit_key(cfg, excluded)}.npy"
    if path.exists():
        P = np.load(path)
        if P.shape == (len(dev), len(CLASSES)):
            return P
    t0 = time.perf_counter()
    train = list(base) + [e for e, g in zip(dev, folds) if g not in excluded
                          and not (e.ambiguous and cfg["data"]["skip_ambiguous"])]
    model = as_model(fit(train, cfg), cfg)
    P = np.array([model.scores(e.title) for e in dev])
    CACHE.mkdir(exist_ok=True)
    np.save(path, P)
    log(f"title model without folds {sorted(excluded)}: {time.perf_counter() - t0:.0f}s")
    return P


def oof_title_probs(cfg: dict, base: list[Example], dev: list[Example], folds: list[int], log=print) -> np.ndarray:
    """Out-of-fold title probabilities: each dev example scored by the title model fit without its fold."""
    P = np.zeros((len(dev), len(CLASSES)))
    for f in range(int(cfg["data"]["folds"])):
        Pf = title_probs_without(cfg, base, dev, folds, frozenset((f,)), log=log)
        idx = [i for i, g in enumerate(folds) if g == f]
        P[idx] = Pf[idx]
    return P


def text_stage_cv(cfg: dict, base: list[Example], dev: list[Example], log=print) -> list[str]:
    """Held-out labels of title model + text stage (nested, see text_stage.py); titles_dev (no
    description) and postings without one get the title model's held-out label."""
    import text_stage

    k = int(cfg["data"]["folds"])
    folds = assign_folds(dev, k, int(cfg["data"]["seed"]))
    P0 = oof_title_probs(cfg, base, dev, folds, log=log)

    def probs(excluded: frozenset[int]) -> np.ndarray:
        return P0 if len(excluded) == 1 else title_probs_without(cfg, base, dev, folds, excluded, log=log)

    held = text_stage.nested_predictions(dev, folds, k, cfg, probs,
                                         lambda st, p, _t, d: roles.text_decides(st, p, d, CLASSES))
    return [held.get(i, CLASSES[int(np.argmax(P0[i]))]) for i in range(len(dev))]


def build_training(cfg: dict) -> tuple[list[Example], list[Example], dict]:
    soc = load_soc_map(resolve(cfg["data"]["soc_map"]))
    onet = label_onet_titles(resolve(cfg["data"]["onet_dir"]), soc)
    synth = compositions(onet, cfg, int(cfg["data"]["seed"]))
    dev = load_dev(cfg)
    counts = {"onet": dict(Counter(e.label for e in onet)), "synth": dict(Counter(e.label for e in synth)),
              "dev": dict(Counter(e.source for e in dev))}
    return onet + synth, dev, counts


def evaluate(cfg: dict, *, variants: bool = True, log=print) -> dict:
    """Held-out figures for the model and the baselines; a dict for RESULTS.md and the card."""
    import baselines

    base, dev, counts = build_training(cfg)
    res: dict = {"counts": counts, "variants": {}}
    t0 = time.perf_counter()
    res["variants"]["rf-3: title model + text stage, held-out (nested)"] = report(dev, text_stage_cv(cfg, base, dev, log=log))
    res["variants"]["title model + description rules (rf-2 design), held-out"] = report(dev, cross_validate(cfg, base=base, dev=dev))
    log(f"cv done in {time.perf_counter() - t0:.0f}s")
    if variants:
        res["variants"]["model without dev titles (O*NET + compositions only)"] = report(dev, cross_validate(cfg, base=base, dev=dev, use_dev=False))
        onet_only = [e for e in base if e.source == "onet"]
        res["variants"]["model, O*NET titles only (no compositions, no dev)"] = report(dev, cross_validate(cfg, base=onet_only, dev=dev, use_dev=False))
    res["variants"]["rules 1.4 (previous classify.role_family)"] = report(dev, predict_examples(baselines.rules_1_4, dev))
    res["variants"]["plain title regex"] = report(dev, predict_examples(baselines.title_regex, dev))
    # dev-vs-held-out gap: the model fit on everything, scored on what it was fit on
    W, stage = fit_shipped(cfg, base, dev, log=log)
    full = as_model(W, cfg)
    full = roles.RoleModel(weights=full.weights, bits=full.bits, classes=full.classes, version="fit", meta={}, text=stage)
    res["variants"]["rf-3 fit on every labelled set, scored on them (not held-out)"] = report(
        dev, predict_examples(lambda t, d: roles.predict(t, d, model=full), dev))
    t0 = time.perf_counter()
    titles = [e.title for e in dev] * 20
    for t in titles:
        full.predict(t)
    res["titles_per_s"] = round(len(titles) / (time.perf_counter() - t0))
    return res


def fit_shipped(cfg: dict, base: list[Example], dev: list[Example], log=print) -> tuple[np.ndarray, roles.TextStage]:
    """The title model fit on everything, and the text stage fit on every labelled posting with
    out-of-fold title probabilities (text_stage.py says why)."""
    import text_stage

    folds = assign_folds(dev, int(cfg["data"]["folds"]), int(cfg["data"]["seed"]))
    P0 = oof_title_probs(cfg, base, dev, folds, log=log)
    idx = text_stage.posting_index(dev)
    stage = text_stage.fit([(P0[i], dev[i].description) for i in idx], [dev[i].label for i in idx], cfg)
    return fit_all(cfg, base, dev), stage


def ship(cfg: dict, *, cv: dict | None = None, log=print) -> Path:
    base, dev, counts = build_training(cfg)
    W, stage = fit_shipped(cfg, base, dev, log=log)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    dtype = cfg["model"].get("dtype", "float16")
    stored = W.astype(dtype)
    np.savez_compressed(OUT_DIR / "weights.npz", weights=stored)
    words = stage.words.astype(cfg["text"].get("dtype", "float16"))
    np.savez_compressed(OUT_DIR / "text_weights.npz", dense=stage.dense, words=words)
    digest = hashlib.sha256(stored.tobytes() + stage.dense.tobytes() + words.tobytes()).hexdigest()[:8]
    meta = {
        "version": f"{cfg['model']['version']}.{digest}",
        "title_weights_sha256": hashlib.sha256(stored.tobytes()).hexdigest()[:16],
        "bits": int(cfg["model"]["bits"]),
        "text_bits": int(cfg["text"]["bits"]),
        "text_dense": list(roles.TEXT_DENSE),
        "text_config": dict(cfg["text"]),
        "classes": list(CLASSES),
        "trained_on": counts,
        "config": {k: v for k, v in cfg["model"].items()},
        "licence": "weights derived from O*NET 29.3 (CC BY 4.0, USDOL/ETA) and project-written phrases; see MODEL_CARD.md",
    }
    if cv:
        meta["held_out"] = cv["variants"]
    (OUT_DIR / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"wrote {OUT_DIR} version {meta['version']} ({(OUT_DIR / 'weights.npz').stat().st_size / 1e6:.2f} MB)")
    return OUT_DIR


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--eval-only", action="store_true", help="print held-out figures, write nothing")
    ap.add_argument("--no-eval", action="store_true", help="ship without cross-validation")
    ap.add_argument("--no-variants", action="store_true", help="skip the ablation variants")
    a = ap.parse_args(argv)
    cfg = load_config(a.config)
    res = None
    if not a.no_eval:
        res = evaluate(cfg, variants=not a.no_variants)
        print(json.dumps(res, indent=1))
    if not a.eval_only:
        ship(cfg, cv=res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
