"""The labelled acts corpus: every line valid, the test split kept apart from what tuning reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.acts import Act
from core.corpus import MEANING_ACTS, MEASURED, Split, load_split, read_file
from core.errors import ContentError
from core.languages import Lang, compact


def test_every_split_loads_and_ids_are_unique() -> None:
    lines = [u for s in Split for u in load_split(s, allow_test=True)]
    assert lines
    ids = [u.id for u in lines]
    assert len(ids) == len(set(ids))


def test_no_test_line_is_in_train_or_dev_even_after_normalisation() -> None:
    tuned = {(u.lang, compact(u.text, u.lang)) for s in (Split.TRAIN, Split.DEV) for u in load_split(s)}
    leaked = [u.text for u in load_split(Split.TEST, allow_test=True) if (u.lang, compact(u.text, u.lang)) in tuned]
    assert not leaked


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
