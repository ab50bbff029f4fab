"""Rubrics are data: the default one has the eval ids, and a trainer's YAML adds criteria without code."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ContentError, NotFoundError
from scoring.rubric import Category, JudgeUse, Situation, Target, load_rubric
from scoring.scorer import score_call
from tests.support.calls import EVAL_IDS, make_call


def test_default_rubric_has_the_eval_criteria_grouped_and_versioned() -> None:
    rubric = load_rubric()
    ids = {c.id for c in rubric.criteria}
    assert ids >= EVAL_IDS
    assert {c.category for c in rubric.criteria} == set(Category)
    assert rubric.version_tag == "default@1" and rubric.pass_mark == 80
    assert [c.id for c in rubric.criteria if c.blocker] == ["honesty"]
    assert rubric.criterion("verify_party").applies == [Situation.OUTBOUND]
    assert rubric.criterion("ownership").applies == [Situation.COMPLAINT]
    assert rubric.criterion("hold_etiquette").applies == [Situation.HOLD]
    assert rubric.criterion("empathy").applies == [Situation.EMOTION]
    assert rubric.criterion("confirm_details").applies == [Situation.DETAILS]
    assert rubric.criterion("open_question").judge is JudgeUse.UNCERTAIN


def test_metric_criteria_carry_configurable_targets() -> None:
    rubric = load_rubric()
    assert rubric.criterion("answer_by_ring_3").target == Target(max=3)
    assert rubric.criterion("hold_limit").target == Target(max=60)
    rate = rubric.criterion("speech_rate").target_by_lang
    assert (rate["zh"].min, rate["zh"].max) == (120, 140)
    assert {"en", "id"} <= set(rate)


def test_every_criterion_has_feedback_text_in_each_language() -> None:
    for c in load_rubric().criteria:
        assert c.tip.keys() >= {"en", "id", "zh"}, c.id
        if c.id in EVAL_IDS:
            assert c.better.keys() >= {"en", "id", "zh"}, c.id


TRAINER_RUBRIC = """
id: club
version: 3
name: {en: Club desk}
pass_mark: 70
categories:
  etiquette: {name: {en: Etiquette}}
criteria:
  - id: says_thanks
    category: etiquette
    name: {en: Says thank you}
    detector: acts_present
    acts: [thanks]
    better: {en: "Thank you for calling."}
  - id: no_slang
    category: etiquette
    name: {en: No slang}
    detector: phrases_absent
    kind: commission
    phrases: {en: [gonna, wanna, yeah]}
    better: {en: "Yes, of course."}
  - id: short_holds
    category: etiquette
    name: {en: Holds within 15 s}
    applies: [hold]
    detector: metric
    metric: longest_hold_s
    target: {max: 15}
"""


def test_a_trainer_adds_criteria_without_code(tmp_path: Path) -> None:
    path = tmp_path / "club.yaml"
    path.write_text(TRAINER_RUBRIC, encoding="utf-8")
    rubric = load_rubric(str(path))
    call = make_call("T: Yeah, gonna check.\n! hold 40\nT: Thanks for waiting.\nP: Fine.", direction="inbound")
    card = score_call(call, rubric)
    assert card.rubric == "club@3" and card.pass_mark == 70
    assert card.criteria["says_thanks"].verdict.value == "met"
    assert card.criteria["no_slang"].verdict.value == "not_met"
    assert card.criteria["no_slang"].evidence == ["Yeah, gonna check."]
    assert card.criteria["short_holds"].verdict.value == "not_met"
    assert card.overall == 33 and not card.passed


@pytest.mark.parametrize(("snippet", "message"), [
    ("detector: nonsense", "unknown detector"),
    ("detector: acts_present\n    acts: [hugging]", "unknown acts"),
    ("detector: metric\n    metric: talk_ratio", "needs 'metric' and 'target'"),
    ("detector: metric\n    metric: talk_rate\n    target: {max: 1}", "unknown metric"),
])
def test_rubric_errors_name_the_file_and_line(tmp_path: Path, snippet: str, message: str) -> None:
    text = f"""id: broken
version: 1
name: {{en: Broken}}
categories:
  tone: {{name: {{en: Tone}}}}
criteria:
  - id: one
    category: tone
    name: {{en: One}}
    {snippet}
"""
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_rubric(str(path))
    assert message in str(err.value) and "broken.yaml:" in str(err.value)


def test_unknown_rubric_name_lists_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match="default"):
        load_rubric("no_such_rubric")
