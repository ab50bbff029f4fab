"""The learned acts head: built from the current corpus, deterministic, loud when missing, and adding
the acts the lists miss in every language (typed and as speech recognition writes it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.acts import Act, detect_acts
from core.acts_model import HEAD_META, MODEL_DIR, Mode, load_head, read_head
from core.acts_training import LEARNED, corpus_digest
from core.errors import ModelMissingError
from core.languages import Lang

# Lines written for this test, in none of the corpus files, that the lexicons miss (ASR-style: no
# punctuation, no casing). A behaviour table, not a measurement: `bench acts --split test` measures.
ADDED = [
    (Lang.EN, "five days with no connection while you work from home, that's rough", Act.EMPATHY),
    (Lang.EN, "oh man five days offline with kids at home, i'd be going mad too", Act.EMPATHY),
    (Lang.ID, "lima hari tanpa internet pasti bikin stres ya pak apalagi kerja dari rumah", Act.EMPATHY),
    (Lang.ID, "kalian ini gimana sih kerjanya lelet banget", Act.RUDENESS),
    (Lang.ZH_CN, "一个礼拜没网确实太折腾了，换我也着急", Act.EMPATHY),
    (Lang.ZH_CN, "你们这服务也太差劲了吧跟你说了半天等于白说", Act.RUDENESS),
    (Lang.ZH_TW, "一個禮拜沒網路在家上班一定很頭痛吧", Act.EMPATHY),
    (Lang.ZH_TW, "你們這什麼爛服務啊講了半天都沒用", Act.RUDENESS),
]


def test_the_shipped_head_was_built_from_the_current_corpus() -> None:
    head = load_head()
    assert head.meta.corpus_sha256 == corpus_digest(), (
        "the corpus changed since the acts model was trained: run `python -m simulator train-acts` and commit "
        "core/acts_model")
    assert set(head.meta.acts) >= {a.value for a in LEARNED}
    assert all(mode is Mode.LEXICON for act, mode in head.meta.modes.items() if Act(act) not in LEARNED)
    assert any(mode is Mode.EITHER for mode in head.meta.modes.values())


@pytest.mark.parametrize(("lang", "text", "act"), ADDED, ids=[f"{lang}-{act}-{text[:20]}" for lang, text, act in ADDED])
def test_the_model_adds_what_the_lists_miss(lang: Lang, text: str, act: Act) -> None:
    assert act not in detect_acts(text, lang, learned=False).acts  # else this line tests the lexicon, not the model
    found = detect_acts(text, lang)
    assert act in found.acts
    assert next(h.rule for h in found.hits if h.act is act).startswith("model ")


def test_it_never_takes_away_what_the_lists_found() -> None:
    for lang, text in [(Lang.EN, "Goodbye, thanks for your time."), (Lang.ZH_CN, "您好，我是恒泰包装的小王。"),
                       (Lang.ID, "Selamat pagi, saya Dimas dari Kemasindo."), (Lang.ZH_TW, "謝謝您，再見。")]:
        assert detect_acts(text, lang, learned=False).acts <= detect_acts(text, lang).acts


def test_same_line_same_scores_also_from_a_freshly_read_file() -> None:
    text, lang = "ok so you want me to just sit here and wait again", Lang.EN
    first = load_head().scores(text, lang)
    assert load_head().scores(text, lang) == first
    assert read_head(MODEL_DIR).scores(text, lang) == first


def test_a_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as err:
        read_head(tmp_path)
    assert "train-acts" in err.value.describe()


def test_a_damaged_model_file_says_what_is_wrong(tmp_path: Path) -> None:
    shutil.copytree(MODEL_DIR, tmp_path / "m")
    meta = json.loads((tmp_path / "m" / HEAD_META).read_text(encoding="utf-8"))
    meta["acts"] = meta["acts"][:-1]  # weights no longer fit the act list
    (tmp_path / "m" / HEAD_META).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelMissingError) as err:
        read_head(tmp_path / "m")
    assert "cannot be read" in str(err.value) and "train-acts" in err.value.describe()


def test_saving_and_reading_back_keeps_the_decisions(tmp_path: Path) -> None:
    head = load_head()
    head.save(tmp_path)
    again = read_head(tmp_path)
    x = np.random.default_rng(0).standard_normal((20, head.w1.shape[0])).astype(np.float32)
    assert np.array_equal(head.probabilities(x) >= 0.5, again.probabilities(x) >= 0.5)


@pytest.mark.slow
def test_the_build_command_rebuilds_the_shipped_head(tmp_path: Path) -> None:
    """``python -m simulator train-acts`` from the corpus gives the committed head: the same choice per
    act and the same decisions on the dev split's lines — bit for bit on the machine that built it; on
    another CPU floating point may move a probability across a threshold, so a little slack."""
    from core.acts_model import embed_many, features
    from core.corpus import Split, load_split
    from simulator.cli.main import main

    assert main(["train-acts", "--out", str(tmp_path)]) == 0
    built, shipped = read_head(tmp_path), load_head()
    differ = [a for a in shipped.meta.modes if built.meta.modes.get(a) != shipped.meta.modes[a]]
    assert len(differ) <= 2, differ
    dev = load_split(Split.DEV)
    x = features(embed_many([u.text for u in dev]), [u.lang for u in dev])
    agree = (built.probabilities(x) >= 0.5) == (shipped.probabilities(x) >= 0.5)
    assert agree.mean() >= 0.98
