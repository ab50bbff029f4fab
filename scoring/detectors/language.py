"""How the trainee speaks: courtesy, clarity, honesty."""

from __future__ import annotations

from core.acts import Act
from scoring.context import CallContext, Sentence
from scoring.cues import Cue, lexicon_patterns
from scoring.detectors.base import Finding, detector, met, not_met
from scoring.metrics import filler_count
from scoring.rubric import Criterion


@detector("polite_language")
def polite_language(ctx: CallContext, crit: Criterion) -> Finding:
    """Consistent courtesy: one curt form (flat "I don't know", bare "Hold on.", "Account number?",
    a command) or rude word fails it."""
    curt = ctx.all_acts(Act.CURT) + ctx.all_acts(Act.RUDENESS)
    if curt:
        return not_met(*curt[:3], note="curt or rude wording")
    return met(ctx.first_act(Act.POLITE) or ctx.first_act(Act.THANKS))


def _jargon(ctx: CallContext) -> tuple[set[str], list[Sentence]]:
    terms: set[str] = set()
    where: list[Sentence] = []
    for view in ctx.trainee:
        for s in view.sentences:
            found = {m.group(0) for rx in lexicon_patterns(ctx.lang.family, Act.JARGON) for m in rx.finditer(s.norm)}
            if found:
                terms |= found
                where.append(s)
    return terms, where


@detector("clear_language")
def clear_language(ctx: CallContext, crit: Criterion) -> Finding:
    """Jargon (``max_jargon`` distinct terms or more), exaggerated claims, or rambling thick with fillers."""
    max_jargon = int(crit.params.get("max_jargon", 2))
    min_fillers = int(crit.params.get("rambling_fillers", 2))
    terms, jargon_at = _jargon(ctx)
    hype = [s for v in ctx.trainee for s in v.sentences if ctx.cues.has(Cue.EXAGGERATION, s.norm)]
    rambling = [v for v in ctx.trainee if Act.RAMBLING in v.acts.acts]
    filled = [v for v in rambling if filler_count(v.text, ctx.lang) >= min_fillers]
    if len(terms) >= max_jargon or filled:
        evidence = jargon_at[:2] + [v.sentences[0] for v in filled[:1] if v.sentences] + hype[:1]
        return not_met(*evidence, note=f"jargon ({', '.join(sorted(terms)[:5])})" if terms else "rambling with fillers")
    if hype:
        return not_met(*hype[:2], note="exaggerated claim", certain=False)
    # One jargon term may be fair use; a long turn without fillers is not rambling. The judge may look.
    return met(note="plain wording", certain=not terms)


@detector("honesty")
def honesty(ctx: CallContext, crit: Criterion) -> Finding:
    """Deception only: a "personal call" pretext, pretending to be expected, a made-up referral.
    A referral may be true, so one found alone is left to the judge."""
    found = ctx.all_acts(Act.DECEPTION)
    if not found:
        return met(note="no deception found")
    referral_only = all(ctx.cues.has(Cue.REFERRAL, s.norm) for s in found)
    return not_met(*found[:3], note="misleading pretext", certain=not referral_only)
