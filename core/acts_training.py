"""Training the acts head (:mod:`core.acts_model`) from the labelled corpus: train to fit, dev to choose.

The head is fitted on the train split, each Chinese line also in the other script (OpenCC), so a
Taiwan caller benefits from a mainland line and back. On dev each act of ``LEARNED`` gets its
``Mode``: the model may add it (``either``, at the threshold of ``THRESHOLDS`` best there) if that
beats the lexicon alone by ``MARGIN`` F1 there;
otherwise, or where dev or train has too few positives to tell, the lexicon alone decides. Form acts
(polite, greeting, closed question…) stay with the lexicon: the call's stages and the scorer's counts
rest on their exact conventions. The test split is never read. Plain numpy, full-batch Adam from a fixed seed:
the same corpus and lexicons give the same head on the same machine.
"""

from __future__ import annotations

import hashlib

import numpy as np

from core.acts import Act, detect_acts
from core.acts_model import EMBEDDER, THRESHOLDS, ActsHead, HeadMeta, Mode, embed_many, features, sigmoid
from core.corpus import LABELLED, MEANING_ACTS, Split, Utterance, corpus_path, load_split
from core.languages import ALL_LANGS, Lang, to_simplified, to_traditional_tw

MIN_TRAIN_POSITIVES = 10  # fewer and the model is not asked about the act
MIN_DEV_POSITIVES = 5     # fewer and dev cannot tell the modes apart: the lexicon keeps the act
MARGIN = 0.05             # the model may add an act only if that beats the lexicon by this much F1 on dev
# The meaning acts the model may add. Not closing: a goodbye ends the call, so only the lists say it.
LEARNED: frozenset[Act] = frozenset(MEANING_ACTS) - {Act.CLOSING}
HIDDEN = 512
EPOCHS = 1000
LEARNING_RATE = 0.003
WEIGHT_DECAY = 1e-3
DROPOUT = 0.3
SEED = 0


def corpus_digest() -> str:
    """sha256 over the train and dev files (what a head was trained and tuned on)."""
    h = hashlib.sha256()
    for split in (Split.TRAIN, Split.DEV):
        for lang in ALL_LANGS:
            path = corpus_path(split, lang)
            if path.exists():
                h.update(f"{split.value}/{lang.value}\n".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _other_script(u: Utterance) -> tuple[str, Lang] | None:
    if u.lang is Lang.ZH_CN:
        return to_traditional_tw(u.text), Lang.ZH_TW
    if u.lang is Lang.ZH_TW:
        return to_simplified(u.text), Lang.ZH_CN
    return None


def _targets(lines: list[Utterance], acts: list[Act]) -> np.ndarray:
    return np.array([[a in u.acts for a in acts] for u in lines], dtype=np.float32)


def _fit(x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """One hidden ReLU layer, a sigmoid per act, positives weighted up (rare acts), dropout, weight decay."""
    rng = np.random.default_rng(SEED)
    n, d = x.shape
    k = y.shape[1]
    params = {
        "w1": (rng.standard_normal((d, HIDDEN)) * np.sqrt(2 / d)).astype(np.float32),
        "b1": np.zeros(HIDDEN, np.float32),
        "w2": (rng.standard_normal((HIDDEN, k)) * np.sqrt(1 / HIDDEN)).astype(np.float32),
        "b2": np.zeros(k, np.float32),
    }
    weight = np.where(y > 0, (0.5 / y.mean(0).clip(1e-3)).clip(1, 20), 1.0).astype(np.float32) / n
    first = {name: np.zeros_like(p) for name, p in params.items()}
    second = {name: np.zeros_like(p) for name, p in params.items()}
    for step in range(1, EPOCHS + 1):
        pre = x @ params["w1"] + params["b1"]
        mask = (rng.random(pre.shape) > DROPOUT).astype(np.float32) / (1 - DROPOUT)
        hidden = np.maximum(pre, 0) * mask
        p = sigmoid(hidden @ params["w2"] + params["b2"])
        g = (p - y) * weight
        back = (g @ params["w2"].T) * (pre > 0) * mask
        grads = {"w1": x.T @ back + WEIGHT_DECAY * params["w1"], "b1": back.sum(0),
                 "w2": hidden.T @ g + WEIGHT_DECAY * params["w2"], "b2": g.sum(0)}
        for name, grad in grads.items():
            first[name] = 0.9 * first[name] + 0.1 * grad
            second[name] = 0.999 * second[name] + 0.001 * grad * grad
            step_size = LEARNING_RATE * np.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step)
            params[name] -= (step_size * first[name] / (np.sqrt(second[name]) + 1e-8)).astype(np.float32)
    return params


def _f1(found: np.ndarray, gold: np.ndarray) -> float:
    tp = float((found * gold).sum())
    return 2 * tp / max(float(found.sum() + gold.sum()), 1.0)


def _choose_modes(p_dev: np.ndarray, dev: list[Utterance], acts: list[Act], y_train: np.ndarray
                  ) -> tuple[dict[str, Mode], dict[str, float], dict[str, float]]:
    """Per act: may the model add it, at which threshold, and the dev F1 of what was chosen."""
    gold = _targets(dev, acts)
    found = [detect_acts(u.text, u.lang, previous_persona_line=u.context, learned=False).acts for u in dev]
    listed = np.array([[a in acts_of_line for a in acts] for acts_of_line in found], dtype=np.float32)
    modes: dict[str, Mode] = {}
    thresholds: dict[str, float] = {}
    figures: dict[str, float] = {}
    for j, act in enumerate(acts):
        lexicon = _f1(listed[:, j], gold[:, j])
        # the highest threshold among the best: the fewest additions for the same F1
        either, threshold = max((_f1(np.maximum(p_dev[:, j] >= t, listed[:, j]), gold[:, j]), t) for t in THRESHOLDS)
        enough = y_train[:, j].sum() >= MIN_TRAIN_POSITIVES and gold[:, j].sum() >= MIN_DEV_POSITIVES
        modes[act.value] = Mode.EITHER if act in LEARNED and enough and either >= lexicon + MARGIN else Mode.LEXICON
        if modes[act.value] is Mode.EITHER:
            thresholds[act.value] = threshold
        figures[act.value] = round(either if modes[act.value] is Mode.EITHER else lexicon, 3)
    return modes, thresholds, figures


def train_head() -> ActsHead:
    """A head fitted on train (both scripts of each Chinese line) with its modes chosen on dev."""
    train, dev = load_split(Split.TRAIN), load_split(Split.DEV)
    acts = list(LABELLED)
    pairs = [(u.text, u.lang) for u in train]
    targets = _targets(train, acts)
    converted = [(c, u) for u in train if (c := _other_script(u)) is not None]
    pairs += [c for c, _ in converted]
    y = np.vstack([targets, _targets([u for _, u in converted], acts)])
    x = features(embed_many([t for t, _ in pairs]), [lang for _, lang in pairs])
    params = _fit(x, y)
    meta = HeadMeta(embedder=EMBEDDER, corpus_sha256=corpus_digest(), acts=[a.value for a in acts], modes={},
                    hidden=HIDDEN, epochs=EPOCHS, learning_rate=LEARNING_RATE, weight_decay=WEIGHT_DECAY,
                    dropout=DROPOUT, seed=SEED)
    head = ActsHead(meta, params)
    p_dev = np.array([list(head.scores(u.text, u.lang).values()) for u in dev])  # as the call will read them
    meta.modes, meta.thresholds, meta.dev_f1 = _choose_modes(p_dev, dev, acts, targets)
    return head
