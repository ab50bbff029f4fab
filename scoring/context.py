"""Everything the detectors share about one call, computed once: turns split into sentences, the
trainee's acts per turn (shared lexicons), the other side's signals (scoring cues), and the timed
metrics. (Which situations apply is :mod:`scoring.situations`.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from core.acts import Act, TurnActs, detect_acts
from core.languages import Lang, normalise
from core.record import Speaker, Turn
from scoring.audio import audio_metrics
from scoring.callio import LoadedCall
from scoring.cues import Cue, CueSet, load_cues
from scoring.metrics import Metrics, call_metrics, trainee_holds
from scoring.quotes import Span

_WORD = re.compile(r"[^\W_]{4,}")
_HANZI = re.compile(r"[\u3400-\u9fff]+")
ECHO_MIN_TOKENS = 3
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "p.m", "a.m", "jl", "vs", "etc"}  # not "Pak."/"Bu.": they end sentences
_BREAK = re.compile(r"[.!?]+(?=\s|$)|[。！？!?；;]+")


@dataclass(frozen=True)
class Sentence:
    turn: int
    start: int
    end: int
    text: str  # as spoken
    norm: str  # matching form

    def span(self) -> Span:
        return Span(turn=self.turn, start=self.start, end=self.end, text=self.text)


@dataclass
class TurnView:
    index: int
    turn: Turn
    norm: str
    sentences: list[Sentence]
    acts: TurnActs = field(default_factory=TurnActs)

    @property
    def speaker(self) -> Speaker:
        return self.turn.speaker

    @property
    def text(self) -> str:
        return self.turn.text


def split_sentences(text: str, turn: int, lang: Lang) -> list[Sentence]:
    """Sentences with their offsets; no break after abbreviations such as "Mr." or "p.m."."""
    bounds: list[tuple[int, int]] = []
    begin = 0
    for m in _BREAK.finditer(text):
        before = text[begin: m.start()].split()
        if m.group(0) == "." and before and (before[-1].lower().rstrip(".") in _ABBREV or len(before[-1]) == 1):
            continue
        bounds.append((begin, m.end()))
        begin = m.end()
    if text[begin:].strip():
        bounds.append((begin, len(text)))
    sentences = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            sentences.append(Sentence(turn=turn, start=s, end=e, text=text[s:e], norm=normalise(text[s:e], lang)))
    return sentences


def content_tokens(norm: str, chinese: bool) -> set[str]:
    """Words of four letters or more (en/id), or Hanzi bigrams (zh): enough to see a restatement."""
    if chinese:
        return {run[i: i + 2] for run in _HANZI.findall(norm) for i in range(len(run) - 1)}
    return set(_WORD.findall(norm))


_ACTS = frozenset(a.value for a in Act)


def _recorded_acts(call: LoadedCall) -> dict[int, list[Act]]:
    """The acts the call itself recognised in each trainee turn (its state trace; keyed by the turn
    object), so that the card reads a line as the persona did: the engine's second look at the turn
    (a purpose or a time heard) and an LLM's refinement count here too. Uploads have no trace."""
    turns = call.record.turns
    out: dict[int, list[Act]] = {}
    for snap in call.record.state_trace:
        trainee = next((t for t in reversed(turns[: snap.turn]) if t.speaker is Speaker.TRAINEE), None)
        if trainee is not None:
            out[id(trainee)] = [Act(a) for a in snap.acts if a in _ACTS]
    return out


class CallContext:
    """A call prepared for scoring. Cheap to build (regexes only); shared by all detectors."""

    def __init__(self, call: LoadedCall, target_seconds: float | None = None) -> None:
        self.call = call
        self.lang = call.lang
        self.cues: CueSet = load_cues(call.lang.family)
        turns = sorted(call.record.turns, key=lambda t: t.start)
        recorded = _recorded_acts(call)
        self.turns: list[TurnView] = []
        previous_persona = ""
        for i, t in enumerate(turns):
            view = TurnView(i, t, normalise(t.text, self.lang), split_sentences(t.text, i, self.lang))
            if t.speaker is Speaker.TRAINEE:
                view.acts = detect_acts(t.text, self.lang, previous_persona_line=previous_persona,
                                        interrupted=t.interrupted)
                for act in recorded.get(id(t), ()):
                    view.acts.add(act, "", rule="the call")
            else:
                previous_persona = t.text
            self.turns.append(view)
        self._sentence_acts: dict[tuple[int, int], set[Act]] = {}
        self.metrics: Metrics = call_metrics(call, target_seconds)
        self.holds = trainee_holds(call)

    # --- turn lookups -------------------------------------------------------------------------
    @cached_property
    def trainee(self) -> list[TurnView]:
        return [t for t in self.turns if t.speaker is Speaker.TRAINEE]

    @cached_property
    def persona(self) -> list[TurnView]:
        return [t for t in self.turns if t.speaker is Speaker.PERSONA]

    def after(self, index: int, speaker: Speaker) -> TurnView | None:
        return next((t for t in self.turns[index + 1:] if t.speaker is speaker), None)

    def before(self, index: int, speaker: Speaker) -> TurnView | None:
        return next((t for t in reversed(self.turns[:index]) if t.speaker is speaker), None)

    @property
    def outbound(self) -> bool:
        return self.call.outbound

    @cached_property
    def audio_metrics(self) -> Metrics:
        return audio_metrics(self.call) if self.call.audio is not None else {}

    def metric(self, name: str) -> float | None:
        """A timed metric, or an audio one (the recording is decoded on first use)."""
        if name in self.metrics:
            return self.metrics[name]
        return self.audio_metrics.get(name)

    def sentence_acts(self, sentence: Sentence) -> set[Act]:
        """The acts of one sentence on its own (cached: several detectors ask about the same ones)."""
        key = (sentence.turn, sentence.start)
        if key not in self._sentence_acts:
            self._sentence_acts[key] = detect_acts(sentence.text, self.lang).acts
        return self._sentence_acts[key]

    # --- acts and cues ------------------------------------------------------------------------
    def act_sentence(self, view: TurnView, act: Act) -> Sentence | None:
        """The sentence of a trainee turn that carries ``act`` (the whole first sentence as a fallback)."""
        hit = next((h for h in view.acts.hits if h.act is act), None)
        if hit is None:
            return None
        ev = normalise(hit.evidence, self.lang)
        found = next((s for s in view.sentences if ev and ev in s.norm), None)
        if found is None:
            # A hit that spans two sentences (or was measured): re-run the detector sentence by sentence.
            found = next((s for s in view.sentences if act in self.sentence_acts(s)), None)
        return found or (view.sentences[0] if view.sentences else None)

    def first_act(self, act: Act, turns: list[TurnView] | None = None) -> Sentence | None:
        for view in self.trainee if turns is None else turns:
            if act in view.acts.acts:
                return self.act_sentence(view, act)
        return None

    def all_acts(self, act: Act, turns: list[TurnView] | None = None) -> list[Sentence]:
        found = []
        for view in self.trainee if turns is None else turns:
            if act in view.acts.acts and (s := self.act_sentence(view, act)) is not None:
                found.append(s)
        return found

    def echo(self, sentence: Sentence, source: TurnView) -> float:
        """Share of a trainee sentence's content words (or Hanzi pairs) taken from ``source``: a
        restatement ("Saturday for eight at seven thirty") scores high. Too short to tell: 0."""
        mine = content_tokens(sentence.norm, self.lang.is_chinese)
        if len(mine) < ECHO_MIN_TOKENS:
            return 0.0
        return len(mine & content_tokens(source.norm, self.lang.is_chinese)) / len(mine)

    def restates(self, view: TurnView, source: TurnView, threshold: float = 0.6) -> Sentence | None:
        """The first sentence of ``view`` that restates ``source``."""
        return next((s for s in view.sentences if self.echo(s, source) >= threshold), None)

    def persona_cue_turns(self, *cues: Cue) -> list[TurnView]:
        return [t for t in self.persona if any(self.cues.has(c, t.norm) for c in cues)]

    def refused(self, view: TurnView) -> bool:
        """The persona declines and does not accept anything else in the same turn."""
        if not self.cues.has(Cue.REFUSAL, view.norm):
            return False
        rest = view.norm
        for rx in self.cues.compiled.get(Cue.REFUSAL, ()):
            rest = rx.sub(" ", rest)
        return not self.cues.has(Cue.ACCEPTANCE, rest)
