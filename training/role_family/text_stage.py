"""The role model's text stage (rf-3): fitting it and measuring it held-out.

The title model (``train.py``) scores a title; the text stage is a logistic regression over

- the title model's log-probabilities of ml / data / other,
- log(1 + ML-term count) and log(1 + data-term count) of the description (``roles._ML_TEXT``,
  ``roles._DATA_TEXT``), a bias (``roles.TEXT_DENSE``),
- the description's distinct words, hashed into 2**bits buckets (value 1/sqrt(n) each),

fit on the labelled postings (every set with a description: dev, dev_payloads, train_pool). The
title probabilities it is fit on must be out-of-fold (from a title model that never saw the
posting's title), or the stage learns to trust the title model as much as on its own training
titles. So:

- shipped: title probabilities from the 5-fold CV of ``train.py`` (each posting scored by the title
  model fit without its fold); the stage is fit on every posting;
- held-out figures (nested): for outer fold f, the stage is fit on the other folds' postings with
  title probabilities from title models fit without folds {f, g} (g the posting's own fold), and
  scores fold f's postings with the title model fit without f. Ten pair fits + five fold fits.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from skillgap.extractors import roles

CLASSES = roles.FAMILIES
N_DENSE = len(roles.TEXT_DENSE)


def design(rows: list[tuple[np.ndarray, str]], bits: int):
    """Sparse design matrix: dense inputs in the first N_DENSE columns, then the word buckets."""
    from scipy import sparse

    r_i, c_i, vals = [], [], []
    for r, (probs, text) in enumerate(rows):
        dense, idx, value = roles.text_inputs(probs, text, bits)
        r_i += [r] * (N_DENSE + len(idx))
        c_i += list(range(N_DENSE)) + [N_DENSE + int(i) for i in idx]
        vals += list(dense) + [value] * len(idx)
    return sparse.csr_matrix((vals, (r_i, c_i)), shape=(len(rows), N_DENSE + (1 << bits)))


def fit(rows: list[tuple[np.ndarray, str]], labels: list[str], cfg: dict) -> roles.TextStage:
    """Multinomial logistic regression (L-BFGS), L2 ``l2_dense`` on the dense weights (none on the
    bias) and ``l2_words`` on the word weights; starts from "trust the title model"."""
    from scipy.optimize import minimize

    t = cfg["text"]
    bits = int(t["bits"])
    X = design(rows, bits)
    K = len(CLASSES)
    y = np.array([CLASSES.index(lab) for lab in labels])
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    w = np.full(len(y), 1.0 / len(y))
    used = np.unique(X.indices)
    Xu = X[:, used]
    reg = np.where(used < N_DENSE, float(t["l2_dense"]), float(t["l2_words"]))[:, None]
    reg[used == N_DENSE - 1] = 0.0  # the bias

    def loss_grad(theta):
        W = theta.reshape(len(used), K)
        Z = Xu @ W
        Z -= Z.max(axis=1, keepdims=True)
        logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        loss = -(w * (Y * logp).sum(axis=1)).sum() + 0.5 * (reg * W * W).sum()
        G = (np.exp(logp) - Y) * w[:, None]
        return loss, (Xu.T @ G + reg * W).ravel()

    W0 = np.zeros((len(used), K))
    for k in range(K):  # logp_<class k> -> class k with weight 1: the title model's own verdict
        W0[np.searchsorted(used, k), k] = 1.0
    res = minimize(loss_grad, W0.ravel(), jac=True, method="L-BFGS-B", options={"maxiter": int(t["max_iter"])})
    W = np.zeros((N_DENSE + (1 << bits), K))
    W[used] = res.x.reshape(len(used), K)
    return roles.TextStage(dense=W[:N_DENSE].copy(), words=W[N_DENSE:].astype(np.float32), bits=bits)


def posting_index(dev: list) -> list[int]:
    """The labelled examples the text stage learns from: postings (titles_dev has no description)."""
    return [i for i, e in enumerate(dev) if e.source != "titles_dev" and e.description]


def nested_predictions(dev: list, folds: list[int], k: int, cfg: dict,
                       title_probs: Callable[[frozenset[int]], np.ndarray],
                       decide: Callable[[roles.TextStage, np.ndarray, str, str], str]) -> dict[int, str]:
    """Held-out labels of the postings: ``title_probs(excluded folds)`` gives every dev example's
    title probabilities from a title model fit without those folds; ``decide(stage, probs, title,
    description)`` turns the stage's scores into a label (the shipped rule)."""
    post = posting_index(dev)
    out: dict[int, str] = {}
    for f in range(k):
        train_rows, train_labels = [], []
        for i in post:
            if folds[i] == f:
                continue
            P = title_probs(frozenset((f, folds[i])))
            train_rows.append((P[i], dev[i].description))
            train_labels.append(dev[i].label)
        stage = fit(train_rows, train_labels, cfg)
        P_f = title_probs(frozenset((f,)))
        for i in post:
            if folds[i] == f:
                out[i] = decide(stage, P_f[i], dev[i].title, dev[i].description)
    return out


def pairs(k: int) -> list[frozenset[int]]:
    return [frozenset(p) for p in itertools.combinations(range(k), 2)]
