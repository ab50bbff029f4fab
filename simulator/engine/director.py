"""Directed mode: pick the persona's words from her authored line bank.

Lines are keyed by slot (section + stage/act) and the band of her state; among eligible variants
the least used is drawn (seeded), so a call rarely repeats itself (Yarn Spinner's saliency idea).
A variant whose ``{slot}`` has no value yet is ineligible rather than spoken with a hole in it.
"""

from __future__ import annotations

import random
from collections import Counter

from personas.models import Band, LineBank, fill_slots

_BAND_FALLBACK = {
    Band.LOW: (Band.LOW, Band.MID, Band.HIGH),
    Band.MID: (Band.MID, Band.LOW, Band.HIGH),
    Band.HIGH: (Band.HIGH, Band.MID, Band.LOW),
}


def banded(entry: list[str] | dict[Band, list[str]] | None, band: Band) -> list[str]:
    """Variants for a band, falling back to the nearest band that has some."""
    if entry is None:
        return []
    if isinstance(entry, list):
        return entry
    for b in _BAND_FALLBACK[band]:
        if entry.get(b):
            return entry[b]
    return []


class LineDirector:
    def __init__(
        self,
        bank: LineBank,
        slots: dict[str, str],
        seed: int | None = None,
        fallback_react: dict[str, list[str]] | None = None,
        confirm: dict[str, list[str]] | None = None,
        narrow: dict[str, list[str]] | None = None,
    ) -> None:
        self.bank = bank
        self.fallback_react = fallback_react or {}  # shared reactions, when her bank has none
        self.confirm_lines = confirm or {}  # shared: she heard it (see planner._listening_move)
        self.narrow_lines = narrow or {}  # shared: a question that builds on what she heard (planner)
        self.slots = slots
        self._rng = random.Random(seed)
        self._uses: Counter[str] = Counter()

    def draw(self, key: str, variants: list[str]) -> str | None:
        """A filled variant, least used first, ties broken by the seeded RNG."""
        eligible = [(v, filled) for v in variants if (filled := fill_slots(v, self.slots)) is not None]
        if not eligible:
            return None
        fewest = min(self._uses[f"{key}|{v}"] for v, _ in eligible)
        pool = [(v, f) for v, f in eligible if self._uses[f"{key}|{v}"] == fewest]
        variant, filled = self._rng.choice(pool)
        self._uses[f"{key}|{variant}"] += 1
        return filled

    def section(self, name: str) -> str | None:
        """A line from a flat section: open, success, after_success, hangup, goodbye…"""
        return self.draw(name, getattr(self.bank, name))

    def stage(self, stage: str, band: Band) -> str | None:
        return self.draw(f"stage.{stage}.{band}", banded(self.bank.stage.get(stage), band))

    def react(self, act: str, band: Band) -> str | None:
        entry = self.bank.react.get(act) or self.fallback_react.get(act)  # type: ignore[call-overload]
        return self.draw(f"react.{act}.{band}", banded(entry, band))

    def fact(self, fact_id: str) -> str | None:
        return self.draw(f"facts.{fact_id}", self.bank.facts.get(fact_id, []))

    def confirm(self, info: str) -> str | None:
        return self.draw(f"confirm.{info}", self.confirm_lines.get(info, []))

    def narrow(self, info: str) -> str | None:
        return self.draw(f"narrow.{info}", self.narrow_lines.get(info, []))

    def has_react(self, act: str) -> bool:
        return bool(self.bank.react.get(act) or self.fallback_react.get(act))  # type: ignore[call-overload]
