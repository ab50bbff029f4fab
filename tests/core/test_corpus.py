"""The labelled acts corpus: every line valid, the test split kept apart from what tuning reads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from core.acts import Act
from core.corpus import MEANING_ACTS, MEASURED, Split, hash_split, load_split, read_file
from core.errors import ContentError
from core.languages import ALL_LANGS, Lang, char_bigrams, compact

MIN_LINES = 400       # per language, as the issue asks
MIN_POSITIVES = 15    # per meaning act and language
NEAR = 0.5            # share of character pairs that makes two lines near-duplicates
SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def test_every_split_loads_and_ids_are_unique() -> None:
    lines = [u for s in Split for u in load_split(s, allow_test=True)]
    assert lines
    ids = [u.id for u in lines]
    assert len(ids) == len(set(ids))


def test_no_test_line_is_in_train_or_dev_even_after_normalisation() -> None:
    """Compared across languages too: a Traditional line is a Simplified one in the other script."""
    tuned = {compact(u.text, u.lang) for s in (Split.TRAIN, Split.DEV) for u in load_split(s)}
    leaked = [u.text for u in load_split(Split.TEST, allow_test=True) if compact(u.text, u.lang) in tuned]
    assert not leaked


def test_near_duplicates_share_a_split() -> None:
    """A test line one word away from a train line ("…, Pak?" / "…, Bu?") would measure memory, not
    recognition: no test line shares half its character pairs with a line tuning reads."""
    tuned = [char_bigrams(u.text) for s in (Split.TRAIN, Split.DEV) for u in load_split(s)]
    near = []
    for u in load_split(Split.TEST, allow_test=True):
        mine = char_bigrams(u.text)
        if any(len(mine & other) >= NEAR * len(mine | other) for other in tuned):
            near.append(u.text)
    assert not near


def test_every_line_is_in_the_split_its_text_gives_or_with_a_near_duplicate() -> None:
    """The split is fixed by the text, not chosen: a line away from its hash's split must have a
    near-duplicate in the split it is in (the one that decided it)."""
    placed = [(s, u, char_bigrams(u.text)) for s in Split for u in load_split(s, allow_test=True)]
    moved = [(s, u, g) for s, u, g in placed if hash_split(u.text) is not s]
    for split, u, mine in moved:
        assert any(v is not u and len(mine & g) >= NEAR * len(mine | g) for s, v, g in placed if s is split), (
            u.id, split.value, hash_split(u.text).value)


def test_every_language_has_enough_lines_and_positives_for_each_meaning_act() -> None:
    lines = [u for s in Split for u in load_split(s, allow_test=True)]
    for lang in ALL_LANGS:
        mine = [u for u in lines if u.lang is lang]
        assert len(mine) >= MIN_LINES, lang
        positives = Counter(a for u in mine for a in u.acts)
        thin = {a.value: positives[a] for a in MEANING_ACTS if positives[a] < MIN_POSITIVES}
        assert not thin, (lang, thin)
        assert {u.scenario for u in mine} == set(SCENARIOS), lang


def test_the_test_split_holds_every_meaning_act_in_every_language() -> None:
    test = load_split(Split.TEST, allow_test=True)
    for lang in ALL_LANGS:
        present = {a for u in test if u.lang is lang for a in u.acts}
        assert set(MEANING_ACTS) <= present, (lang, sorted(set(MEANING_ACTS) - present))


def test_tuning_cannot_read_the_test_split_by_accident() -> None:
    with pytest.raises(ValueError, match="test split"):
        load_split(Split.TEST)


def test_lines_compare_without_case_punctuation_spaces_or_script() -> None:
    assert compact("Halo, Bu!", Lang.ID) == compact("halo bu", Lang.ID)
    assert compact("麻煩您幫我約一下。", Lang.ZH_TW) == compact("麻烦您帮我约一下", Lang.ZH_CN)


def test_a_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "en.jsonl"
    good = {"id": "x1", "text": "Hi", "lang": "en", "acts": ["greeting"], "style": "typed", "scenario": "s"}
    bad = {**good, "id": "x2", "acts": ["rambling"]}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_file(path)
    assert ":2:" in str(err.value) and "measured" in str(err.value)


def test_the_meaning_set_is_what_the_benchmark_reports() -> None:
    assert Act.EMPATHY in MEANING_ACTS and Act.POLITE not in MEANING_ACTS
    assert not MEASURED & set(MEANING_ACTS)


def test_a_line_in_the_wrong_language_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "id.jsonl"
    line = {"id": "x1", "text": "Hi", "lang": "en", "acts": ["greeting"], "style": "typed", "scenario": "s"}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r":1:.*lang: is en in the id file"):
        read_file(path, Lang.ID)
