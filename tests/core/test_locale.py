"""The locale catalogue: every key in every language, the same kind of value and the same slots."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ContentError, NotFoundError
from core.languages import Lang
from core.locale import LOCALE_DIR, Catalogue, catalogue


def test_the_shipped_catalogue_loads_with_every_key_in_every_language() -> None:
    cat = catalogue()
    keys = sorted(cat.keys())
    assert keys
    for lang in Lang:
        for key in keys:
            cat._get(key, lang)  # raises when missing


def _write(folder: Path, texts: dict[Lang, str]) -> Path:
    for lang, body in texts.items():
        (folder / f"{lang.value}.yaml").write_text(body, encoding="utf-8")
    return folder


def test_a_key_missing_in_one_language_is_an_error_naming_file_and_key(tmp_path: Path) -> None:
    full = "ui:\n  call: Call\n  hangup: Hang up\n"
    _write(tmp_path, {Lang.EN: full, Lang.ZH_CN: "ui:\n  call: 通话\n  hangup: 挂断\n",
                      Lang.ZH_TW: "ui:\n  call: 通話\n", Lang.ID: "ui:\n  call: Telepon\n  hangup: Tutup\n"})
    with pytest.raises(ContentError) as err:
        Catalogue(tmp_path)
    problem = err.value.problems[0]
    assert problem.file.endswith("zh-TW.yaml") and problem.field == "ui.hangup" and "missing" in problem.message


def test_slots_must_match_english_and_lists_stay_lists(tmp_path: Path) -> None:
    _write(tmp_path, {
        Lang.EN: "a: 'Hello {name}'\nb: [x, y]\n",
        Lang.ZH_CN: "a: '你好'\nb: [甲]\n",
        Lang.ZH_TW: "a: '你好 {name}'\nb: 乙\n",
        Lang.ID: "a: 'Halo {name}'\nb: [x]\nc: extra\n",
    })
    with pytest.raises(ContentError) as err:
        Catalogue(tmp_path)
    found = {(Path(p.file).stem, p.field) for p in err.value.problems}
    assert found == {("zh-CN", "a"), ("zh-TW", "b"), ("id", "c")}


def test_text_fills_slots_and_unknown_keys_are_not_found(tmp_path: Path) -> None:
    body = "greet: 'Hi {name}'\nwords: [a, b]\n"
    cat = Catalogue(_write(tmp_path, dict.fromkeys(Lang, body)))
    assert cat.text("greet", Lang.EN, name="Ana") == "Hi Ana"
    assert cat.phrases("words", Lang.ID) == ["a", "b"]
    with pytest.raises(NotFoundError):
        cat.text("nope", Lang.EN)
    with pytest.raises(NotFoundError):
        cat.text("words", Lang.EN)


def test_shipped_files_are_the_four_languages() -> None:
    assert sorted(p.stem for p in LOCALE_DIR.glob("*.yaml")) == sorted(lang.value for lang in Lang)
