"""Every shipped persona and scenario validates, and every line bank is complete and clean."""

from __future__ import annotations

import re

import hanzidentifier
import pytest

from core.languages import Lang, has_cjk
from personas.models import SLOT_RE
from simulator.catalog import REPO_SCRIPTS, default_paths, load_catalog, load_files

CATALOG = load_catalog()
STAGE_DIRECTION = re.compile(r"\*|\(|\)|（|）|\[|\]|【")


def _bank_lines(persona: str, lang: Lang) -> list[str]:
    return CATALOG.personas[persona].lines[lang].all_lines()


def test_all_shipped_files_validate() -> None:
    _, problems = load_files(default_paths())
    assert problems == []


def test_library_has_the_named_personas_and_five_more() -> None:
    ids = set(CATALOG.personas)
    assert {"angry_complainer", "gatekeeping_secretary", "busy_hr_manager"} <= ids
    assert len(ids) >= 8
    covered = {s.persona for s in CATALOG.scenarios.values()}
    assert covered == ids, "every persona needs at least one scenario"


@pytest.mark.parametrize("persona_id", sorted(CATALOG.personas))
@pytest.mark.parametrize("lang", list(Lang))
def test_line_bank_is_clean_spoken_text_in_the_right_script(persona_id: str, lang: Lang) -> None:
    persona = CATALOG.personas[persona_id]
    known_slots = set(persona.slots.get(lang, {})) | {f.id for f in persona.facts} | {
        "trainee_name", "trainee_company", "persona_name"}
    for scenario in CATALOG.scenarios.values():
        if scenario.persona == persona_id:
            known_slots |= set(scenario.slots.get(lang, {}))
    for line in _bank_lines(persona_id, lang):
        assert not STAGE_DIRECTION.search(line), f"stage direction or bracket in {line!r}"
        assert set(SLOT_RE.findall(line)) <= known_slots, f"unknown slot in {line!r}"
        bare = SLOT_RE.sub("", line)
        if lang.is_chinese:
            assert has_cjk(bare), f"not Chinese: {line!r}"
            script = hanzidentifier.identify(bare)
            wrong = hanzidentifier.TRADITIONAL if lang is Lang.ZH_CN else hanzidentifier.SIMPLIFIED
            assert script not in (wrong, hanzidentifier.MIXED), f"wrong script for {lang}: {line!r}"
            assert len(bare) <= 80, f"too long to speak: {line!r}"
        else:
            assert not has_cjk(bare), f"Chinese in a {lang} line: {line!r}"
            assert len(bare.split()) <= 35, f"too long to speak: {line!r}"


@pytest.mark.parametrize("persona_id", sorted(CATALOG.personas))
def test_every_stage_and_reaction_has_enough_variants(persona_id: str) -> None:
    persona = CATALOG.personas[persona_id]
    for lang, bank in persona.lines.items():
        for stage in persona.stages:
            entry = bank.stage[stage.id]
            lists = entry.values() if isinstance(entry, dict) else [entry]
            assert sum(len(v) for v in lists) >= 3, f"{lang} stage {stage.id}: fewer than 3 variants"
        missing = [a for a in persona.react_priority if a not in bank.react]
        assert not missing, f"{lang}: react_priority acts without lines: {missing}"


@pytest.mark.parametrize("scenario_id", sorted(CATALOG.scenarios))
def test_every_scenario_has_good_and_poor_scripts_in_every_language(scenario_id: str) -> None:
    for lang in CATALOG.scenarios[scenario_id].languages:
        for kind in ("good", "poor"):
            path = REPO_SCRIPTS / scenario_id / f"{lang}-{kind}.txt"
            assert path.is_file(), f"missing {path}"
            assert len([ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]) >= 4
