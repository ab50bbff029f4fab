"""Discovery: open questions, active listening, reading back specifics."""

from __future__ import annotations

from core.acts import Act
from core.languages import tokens
from core.record import Speaker
from scoring.context import CallContext, Sentence, TurnView
from scoring.cues import Cue
from scoring.detectors.base import Finding, detector, met, not_met
from scoring.rubric import Criterion
from scoring.specifics import Kind, readbacks

_QUESTION_END = ("?", "？")
_ZH_QUESTION_END = ("吗", "呢", "么", "吗?", "呢?")


def _is_question(sentence: Sentence, chinese: bool) -> bool:
    text = sentence.text.rstrip(" .。!！")
    return text.endswith(_QUESTION_END) or (chinese and text.endswith(_ZH_QUESTION_END))


@detector("open_question")
def open_question(ctx: CallContext, crit: Criterion) -> Finding:
    """An open question that learns about the other side. Narrow factual questions ("which email?",
    "when is he back?"), "could you tell me whether…", "anything else?" checks and the stock
    "How can I help?" do not count."""
    narrow: Sentence | None = None
    asked: Sentence | None = None
    wh: Sentence | None = None  # a question-word question the lexicon does not know as open
    for view in ctx.trainee:
        for s in view.sentences:
            acts = ctx.sentence_acts(s)
            if not (_is_question(s, ctx.lang.is_chinese) or Act.OPEN_QUESTION in acts):
                continue
            asked = asked or s
            # "How are you today?" is small talk, "Sorry, what?" a repeat request, "anything else?" a check.
            small_talk = Act.GREETING in acts and len(tokens(s.text, ctx.lang)) <= 6
            excluded = small_talk or bool(acts & {Act.ANYTHING_ELSE, Act.REPEAT_REQUEST})
            if excluded or ctx.cues.has(Cue.STOCK_OPENER, s.norm) or ctx.cues.has(Cue.NARROW, s.norm):
                narrow = narrow or (s if Act.OPEN_QUESTION in acts else None)
                continue
            if Act.OPEN_QUESTION in acts:
                return met(s)
            if ctx.cues.has(Cue.WH, s.norm):
                wh = wh or s
    if wh is not None:
        return met(wh, note="a question-word question; open by its form", certain=False)
    if asked is None:
        return not_met(note="asked no questions")
    # A question-word question we judged narrow, or a closed one, could still be open in substance.
    return not_met(narrow or asked, note="only narrow or yes/no questions", certain=narrow is None)


def _acknowledges(ctx: CallContext, view: TurnView, said: TurnView) -> float:
    """1 for a clear acknowledgement (listening token, paraphrase, empathy, recap, restating what was
    said), 0.5 for a short "okay"/"baik"/好的, thanks, an apology or an answer to a question, 0 when the reply
    argues, blames or brushes the point off. (Curtness is polite_language's business, not this one.)"""
    acts = view.acts.acts
    if acts & {Act.YES_BUT, Act.BLAME, Act.RUDENESS}:
        return 0.0
    recap = any(ctx.cues.has(Cue.RECAP, s.norm) for s in view.sentences)
    if recap or acts & {Act.LISTENING, Act.PARAPHRASE, Act.EMPATHY} or ctx.restates(view, said):
        return 1.0
    # A straight answer to a question is responsive; an evasive, pushy or curt one is not.
    answered = said.text.rstrip().endswith(("?", "？")) and not acts & {Act.CURT, Act.PRESSURE, Act.DECEPTION}
    if answered or acts & {Act.THANKS, Act.APOLOGY} or ctx.cues.has(Cue.ACK, view.norm):
        return 0.5
    return 0.0


@detector("active_listening")
def active_listening(ctx: CallContext, crit: Criterion) -> Finding:
    """Most substantive things the other side says get acknowledged; being told "you're not
    listening" fails it whatever the count."""
    min_units = int(crit.params.get("min_units", 4 if not ctx.lang.is_chinese else 6))
    ratio_needed = float(crit.params.get("min_ratio", 0.5))
    scores: list[tuple[float, TurnView]] = []
    first_trainee = ctx.trainee[0].index
    for p in ctx.persona:
        # The pick-up line before the trainee's first words is no statement to acknowledge.
        if p.index < first_trainee or len(tokens(p.text, ctx.lang)) < min_units:
            continue
        nxt = ctx.turns[p.index + 1] if p.index + 1 < len(ctx.turns) else None
        if nxt is not None and nxt.speaker is Speaker.TRAINEE:
            scores.append((_acknowledges(ctx, nxt, p), nxt))
    if not scores:
        return met(note="nothing substantive to acknowledge", certain=False)
    ratio = sum(s for s, _ in scores) / len(scores)
    best = [v.sentences[0] for s, v in scores if s >= 1.0 and v.sentences][:2]
    worst = [v.sentences[0] for s, v in scores if s == 0.0 and v.sentences][:2]
    complained = ctx.persona_cue_turns(Cue.NOT_LISTENING)
    if complained:
        return not_met(*worst, note="the other side said they were not being listened to")
    argued = [v for _, v in scores if v.acts.acts & {Act.YES_BUT, Act.BLAME, Act.RUDENESS}]
    if argued:
        return not_met(*(v.sentences[0] for v in argued[:2] if v.sentences), certain=False,
                       note="answered what was said by arguing or blaming")
    borderline = abs(ratio - ratio_needed) < 0.1
    note = f"acknowledged {ratio:.0%} of what the other side said"
    if ratio >= ratio_needed:
        return met(*best, note=note, certain=not borderline)
    return not_met(*worst, note=note, certain=not borderline)


@detector("confirm_details")
def confirm_details(ctx: CallContext, crit: Criterion) -> Finding:
    """Specifics read back correctly. A wrong read-back fails it even if the other side says yes;
    every number and e-mail the other side gave must be read back."""
    items, found = readbacks(ctx)
    wrong = [r for r in found if not r.correct]
    if wrong:
        return not_met(*(r.sentence for r in wrong), note=f"read back {wrong[0].item.shown} wrongly")
    correct = [r for r in found if r.correct]
    done = {r.item for r in correct}
    missed = [i for i in items if i.kind is not Kind.TIME and i not in done]
    if correct and not missed:
        return met(*(r.sentence for r in correct[:3]))
    reply = ctx.after(missed[0].turn if missed else items[0].turn, Speaker.TRAINEE) if items else None
    what = missed[0].shown if missed else "the specifics"
    return not_met(reply.sentences[0] if reply and reply.sentences else None, note=f"did not read back {what}")
