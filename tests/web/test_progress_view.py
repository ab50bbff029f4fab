"""The My calls and Progress tabs' contents, in the four languages, from a real report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.languages import Lang
from core.record import CallRecord
from scoring.progress import progress
from simulator.catalog import load_catalog
from simulator.settings import Settings
from simulator.store import open_store
from web import progress_view as view

DAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture
def filled():  # type: ignore[no-untyped-def]
    repo = open_store(Settings())
    for n, (overall, empathy) in enumerate([(55, "not_met"), (85, "met")]):
        repo.save(CallRecord(id=f"c{n}", language="zh-TW", persona="angry_complainer", direction="inbound",
                             scenario_id="complaint_broadband_outage", user_id="ana", difficulty="easy",
                             started_at=(DAY + timedelta(days=n)).isoformat()))
        repo.save_scorecard({"call_id": f"c{n}", "rubric": "default@1", "overall": overall, "passed": overall >= 80,
                             "categories": {"tone": overall, "structure": 60.0, "etiquette": None},
                             "criteria": {"empathy": {"category": "tone", "verdict": empathy},
                                          "greeting": {"category": "etiquette", "verdict": "not_met"}}})
    return repo


@pytest.mark.parametrize(("lang", "words"), [(Lang.EN, ("Passed 1 of 2", "Polite greeting", "Not passed")),
                                             (Lang.ZH_CN, ("2 通中通过 1 通", "礼貌问候", "未通过")),
                                             (Lang.ZH_TW, ("2 通中通過 1 通", "禮貌問候", "未通過")),
                                             (Lang.ID, ("Lulus 1 dari 2", "Salam yang sopan", "Belum lulus"))])
def test_tabs_in_every_language(filled, lang: Lang, words: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    report = progress(filled, catalog, "ana")
    table = view.calls_table(filled.list_calls(user_id="ana"), catalog, lang)
    assert len(table) == 2 and words[2] in table.iloc[-1].tolist() and "0:00" in table.iloc[0].tolist()
    over = view.over_time_frame(report, lang)
    assert sorted(over["call"].unique()) == [1, 2] and len(over) == 6, "total + two categories, twice"
    assert view.summary_html(report, lang).count(words[0]) == 1
    criteria = view.criteria_table(report, lang)
    rows = {row[0]: row[1:] for row in criteria.itertuples(index=False)}
    assert rows[words[1]] == (0, 0, "→"), "greeting: never met, recently neither"
    assert next(r for name, r in rows.items() if name != words[1]) == (50, 50, "→")
    assert view.scenarios_table(report, catalog, lang).iloc[0].tolist()[1:] == [2, 55, 85, 85, 1]
    html = view.next_html(report, catalog, lang)
    assert 'data-criterion="greeting"' in html and 'data-difficulty="medium"' in html, "passed easy → medium"
    assert view.scenario_choices(catalog, lang)[0][1] == ""


def test_empty_states_say_what_to_do() -> None:
    report = progress(open_store(Settings()), load_catalog(), "nobody")
    assert "Practise tab" in view.summary_html(report, Lang.EN) and view.next_html(report, load_catalog(), Lang.EN) == ""
    assert view.over_time_frame(report, Lang.EN).empty and view.criteria_table(report, Lang.EN).empty
