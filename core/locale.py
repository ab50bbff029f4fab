"""The locale catalogue: every word a user reads, and the phrase lists and prompts code matches or sends,
in en, zh-CN, zh-TW and id (``core/locales/<lang>.yaml``).

A file is a tree of keys; a leaf is a string (a label or a sentence, with ``{slot}`` placeholders) or a
list of strings (a phrase list); an empty string means "nothing in this language" (English needs no
speech-recognition prompt, say). Keys are read dotted: ``scorecard.keep``. Every language must hold
exactly the keys English holds, with the same kind of value and the same slots: loading fails with
file, line and key otherwise, so a missing translation is found by the tests, never by a trainee.
Traditional Chinese is written out in its own file (never converted at run time).
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from core.errors import ContentError, ContentProblem, NotFoundError
from core.languages import Lang, parse_lang
from core.yamlio import read_yaml

LOCALE_DIR = Path(__file__).parent / "locales"
REFERENCE = Lang.EN

Leaf = str | list[str]


def _flatten(node: Any, path: Path, prefix: str, out: dict[str, Leaf], lines: dict[str, int],
             problems: list[ContentProblem]) -> None:
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        line = node.lc.key(key)[0] + 1 if isinstance(node, CommentedMap) else 0
        if isinstance(value, dict):
            _flatten(value, path, f"{dotted}.", out, lines, problems)
        elif isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            out[dotted] = str(value) if isinstance(value, str) else [str(v) for v in value]
            lines[dotted] = line
        else:
            problems.append(ContentProblem(file=str(path), line=line, field=dotted,
                                           message="must be a string or a list of strings"))


def _slots(value: Leaf) -> set[str]:
    texts = [value] if isinstance(value, str) else value
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


class Catalogue:
    """All four languages, checked against each other when loaded."""

    def __init__(self, folder: Path = LOCALE_DIR) -> None:
        self.folder = folder
        self._entries: dict[Lang, dict[str, Leaf]] = {}
        problems: list[ContentProblem] = []
        lines: dict[Lang, dict[str, int]] = {}
        for lang in Lang:
            path = folder / f"{lang.value}.yaml"
            data = read_yaml(path) if path.is_file() else None
            entries: dict[str, Leaf] = {}
            lines[lang] = {}
            if not isinstance(data, dict):
                problems.append(ContentProblem(file=str(path), line=1, message="missing or not a mapping of keys"))
            else:
                _flatten(data, path, "", entries, lines[lang], problems)
            self._entries[lang] = entries
        reference = self._entries[REFERENCE]
        for lang in Lang:
            if lang is REFERENCE:
                continue
            path = str(folder / f"{lang.value}.yaml")
            entries = self._entries[lang]
            for key, value in reference.items():
                if key not in entries:
                    problems.append(ContentProblem(file=path, line=0, field=key,
                                                   message=f"missing (present in {REFERENCE.value})"))
                elif isinstance(entries[key], str) != isinstance(value, str):
                    problems.append(ContentProblem(file=path, line=lines[lang][key], field=key,
                                                   message=f"must be a {'string' if isinstance(value, str) else 'list'}"
                                                           f" as in {REFERENCE.value}"))
                elif isinstance(value, str) and _slots(entries[key]) != _slots(value):
                    problems.append(ContentProblem(
                        file=path, line=lines[lang][key], field=key,
                        message=f"slots {sorted(_slots(entries[key]))} differ from {REFERENCE.value}'s "
                                f"{sorted(_slots(value))}"))
                elif value and not entries[key]:
                    problems.append(ContentProblem(file=path, line=lines[lang][key], field=key,
                                                   message=f"is empty (not in {REFERENCE.value})"))
            for key in entries.keys() - reference.keys():
                problems.append(ContentProblem(file=path, line=lines[lang][key], field=key,
                                               message=f"unknown key (not in {REFERENCE.value})"))
        if problems:
            raise ContentError(problems)

    def keys(self) -> set[str]:
        return set(self._entries[REFERENCE])

    def has(self, key: str) -> bool:
        return key in self._entries[REFERENCE]

    def _get(self, key: str, lang: Lang) -> Leaf:
        try:
            return self._entries[lang][key]
        except KeyError:
            raise NotFoundError(f"no locale text {key!r}") from None

    def text(self, key: str, lang: Lang, **slots: object) -> str:
        """One string in ``lang``, its ``{slots}`` filled from ``slots``."""
        value = self._get(key, lang)
        if not isinstance(value, str):
            raise NotFoundError(f"locale key {key!r} is a phrase list, not a text")
        return value.format(**slots) if slots else value

    def phrases(self, key: str, lang: Lang) -> list[str]:
        """A phrase list in ``lang``."""
        value = self._get(key, lang)
        if isinstance(value, str):
            raise NotFoundError(f"locale key {key!r} is a text, not a phrase list")
        return value

    def all_phrases(self, key: str) -> list[str]:
        """A phrase list in every language at once, without repeats (for matching text whose language
        may be mixed, as a model's reply can be)."""
        return list(dict.fromkeys(p for lang in Lang for p in self.phrases(key, lang)))

    def section(self, prefix: str, lang: Lang) -> dict[str, str]:
        """Every text under ``prefix.``, keyed by the rest of its key (for a table of labels)."""
        cut = len(prefix) + 1
        return {k[cut:]: v for k, v in self._entries[lang].items() if k.startswith(f"{prefix}.") and isinstance(v, str)}


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded and checked once per process."""
    return Catalogue()


def text(key: str, lang: Lang, **slots: object) -> str:
    return catalogue().text(key, lang, **slots)


def phrases(key: str, lang: Lang) -> list[str]:
    return catalogue().phrases(key, lang)


def all_phrases(key: str) -> list[str]:
    return catalogue().all_phrases(key)


def has(key: str) -> bool:
    return catalogue().has(key)


def as_lang(lang: Lang | str | None, fallback: Lang = REFERENCE) -> Lang:
    """An interface language from a Lang, a code or alias (``zh`` → zh-CN), or nothing (the fallback).

    The screen speaks the language the trainee picked for the call; a record or scorecard speaks its
    call's language; anything unknown falls back (English unless told otherwise)."""
    if isinstance(lang, Lang):
        return lang
    if not lang:
        return fallback
    try:
        return parse_lang(lang)
    except ValueError:
        return fallback
