"""The labelled acts corpus: how trainees really talk and type, per language, in a fixed split.

``core/acts_corpus/<split>/<lang>.jsonl``, one utterance per line (see ``core/acts_corpus/GUIDE.md`` for
what each act label means). Written for the library's scenarios, never copied from the lexicons.
``test`` is read only by the benchmark: nothing that tunes the recogniser may load it
(:func:`load_split` refuses it unless asked by name, and a test keeps its lines out of train and dev,
compared as :func:`core.languages.compact` writes them).
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from core.acts import Act
from core.errors import ContentError, ContentProblem, field_of
from core.languages import ALL_LANGS, Lang
from core.yamlio import Strict

CORPUS_DIR = Path(__file__).with_name("acts_corpus")


class Split(StrEnum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


class Style(StrEnum):
    TYPED = "typed"    # typed in the chat box
    SPOKEN = "spoken"  # said aloud, transcribed by a careful person
    ASR = "asr"        # as speech recognition writes it: no punctuation, homophone slips, no casing


# Acts decided from timing or earlier turns, not from the words of one utterance: never labelled here.
MEASURED: frozenset[Act] = frozenset({Act.RAMBLING, Act.INTERRUPT, Act.REPEAT})
# Form and courtesy acts: labelled, but outside the meaning set the benchmark reports on its own.
FORM_ACTS: frozenset[Act] = frozenset({
    Act.POLITE, Act.CLOSED_QUESTION, Act.GREETING, Act.BARE_OPENER, Act.FILLER, Act.LISTENING,
    Act.ANYTHING_ELSE, Act.HOLD_REQUEST, Act.REPEAT_REQUEST, Act.BENEFIT, Act.ASK_WISH,
})
LABELLED: tuple[Act, ...] = tuple(a for a in Act if a not in MEASURED)
MEANING_ACTS: tuple[Act, ...] = tuple(a for a in LABELLED if a not in FORM_ACTS)


class Utterance(Strict):
    """One trainee turn with its acts, as a careful labeller reads it (``GUIDE.md``)."""

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    lang: Lang
    context: str = Field("", description="the persona's line just before, if any")
    acts: list[Act]
    style: Style
    scenario: str = Field(min_length=1, description="the library scenario the turn belongs to")

    @field_validator("acts")
    @classmethod
    def _labelled_only(cls, acts: list[Act]) -> list[Act]:
        if measured := sorted(set(acts) & MEASURED):
            raise ValueError(f"{', '.join(measured)} are measured, not labelled")
        if len(set(acts)) != len(acts):
            raise ValueError("an act is listed twice")
        return acts


def hash_split(text: str) -> Split:
    """Where a new line goes (``GUIDE.md``): sha1 of its text mod 10 — 0–4 train, 5–6 dev, 7–9 test —
    unless it nearly repeats a line already in the corpus, which then decides."""
    digit = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 10
    return Split.TRAIN if digit < 5 else Split.DEV if digit < 7 else Split.TEST


def corpus_path(split: Split, lang: Lang) -> Path:
    return CORPUS_DIR / split.value / f"{lang.value}.jsonl"


def read_file(path: Path, lang: Lang | None = None) -> list[Utterance]:
    """Every line of one corpus file; a bad line, or one in another language than ``lang``, is
    reported with its line number."""
    out: list[Utterance] = []
    problems: list[ContentProblem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            utterance = Utterance.model_validate(json.loads(line))
            if lang is not None and utterance.lang is not lang:
                problems.append(ContentProblem(file=str(path), line=number, field="lang",
                                               message=f"is {utterance.lang.value} in the {lang.value} file"))
            out.append(utterance)
        except ValidationError as exc:
            err = exc.errors()[0]
            problems.append(ContentProblem(file=str(path), line=number, field=field_of(err),
                                           message=err["msg"]))
        except ValueError as exc:  # not JSON
            problems.append(ContentProblem(file=str(path), line=number, message=f"not a JSON object: {exc}"))
    if problems:
        raise ContentError(problems)
    return out


def load_split(split: Split, langs: tuple[Lang, ...] = ALL_LANGS, *, allow_test: bool = False) -> list[Utterance]:
    """The utterances of one split. ``test`` only with ``allow_test`` (the benchmark and the leak test)."""
    if split is Split.TEST and not allow_test:
        raise ValueError("the test split is for measuring only; tune on train and dev")
    out: list[Utterance] = []
    for lang in langs:
        path = corpus_path(split, lang)
        if path.exists():
            out += read_file(path, lang)
    return out

