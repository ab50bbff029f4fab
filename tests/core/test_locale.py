"""The locale catalogue: every key in every language, the same kind of value and the same slots."""

from __future__ import annotations

import ast
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


def _code_keys() -> set[str]:
    """Every string literal in the source that names a catalogue key (``section.rest``), and the guard's lists."""
    repo = Path(__file__).resolve().parents[2]
    known = catalogue().keys()
    sections = {key.split(".")[0] for key in known}
    sources = [p for pkg in ("core", "simulator", "scoring", "web") for p in (repo / pkg).rglob("*.py")]
    found: set[str] = set()
    for path in [*sources, repo / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                head, _, rest = node.value.partition(".")
                is_file = rest in ("js", "css", "py", "yaml", "json")
                if head in sections and rest and not is_file and rest.replace("_", "").replace(".", "").isalnum():
                    found.add(node.value)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_phrases"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(f"guard.{node.args[0].value}")
    return found


def test_every_key_the_code_names_exists_in_the_catalogue() -> None:
    keys = _code_keys()
    assert len(keys) > 50  # the screens, the scorecard, the guard …
    known = catalogue().keys()
    # A literal ending in "." is a prefix the code completes ("summary.event." + the event's type).
    missing = sorted(k for k in keys if (not any(x.startswith(k) for x in known) if k.endswith(".") else k not in known))
    assert not missing, missing
