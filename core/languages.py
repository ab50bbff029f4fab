"""Language codes and the text normalisation every detector and guard relies on.

Chinese is matched on a Simplified copy (OpenCC ``t2s``), so one zh lexicon serves zh-CN and zh-TW;
the original text is always kept for display and quotes.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache


class Lang(StrEnum):
    """The four languages a call can be held in."""

    ZH_CN = "zh-CN"
    ZH_TW = "zh-TW"
    ID = "id"
    EN = "en"

    @property
    def is_chinese(self) -> bool:
        return self in (Lang.ZH_CN, Lang.ZH_TW)

    @property
    def family(self) -> str:
        """Lexicon family: ``zh`` for both Chinese scripts, otherwise the code itself."""
        return "zh" if self.is_chinese else self.value


ALL_LANGS: tuple[Lang, ...] = tuple(Lang)

_ALIASES = {
    "zh": Lang.ZH_CN, "zh-cn": Lang.ZH_CN, "zh-hans": Lang.ZH_CN, "zh_cn": Lang.ZH_CN, "cmn": Lang.ZH_CN,
    "zh-tw": Lang.ZH_TW, "zh-hant": Lang.ZH_TW, "zh_tw": Lang.ZH_TW, "zh-hk": Lang.ZH_TW,
    "id": Lang.ID, "in": Lang.ID, "id-id": Lang.ID, "indonesian": Lang.ID,
    "en": Lang.EN, "en-us": Lang.EN, "en-gb": Lang.EN, "english": Lang.EN,
}


def parse_lang(code: str) -> Lang:
    """Map a language code or common alias (``zh``, ``zh-Hant``, ``en-GB``) to a :class:`Lang`."""
    try:
        return _ALIASES[code.strip().lower()]
    except KeyError:
        choices = ", ".join(lang.value for lang in Lang)
        raise ValueError(f"unknown language {code!r}: use one of {choices}") from None


@cache
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _opencc("t2s").convert(text)


def to_traditional_tw(text: str) -> str:
    """Simplified → Taiwan Traditional with Taiwan vocabulary (软件 → 軟體)."""
    return _opencc("s2twp").convert(text)


_PUNCT_RE = re.compile(r"[\W_]+", re.UNICODE)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def normalise(text: str, lang: Lang | None = None) -> str:
    """Matching form of ``text``: NFKC, lower case, Simplified Chinese, single spaces.

    Punctuation is kept (some detectors look at ``?``); use :func:`strip_punct` for bag-of-token work.
    """
    out = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    if (lang is None and has_cjk(out)) or (lang is not None and lang.is_chinese):
        out = to_simplified(out)
    return re.sub(r"\s+", " ", out).strip()


def strip_punct(text: str) -> str:
    return _PUNCT_RE.sub(" ", text).strip()


def tokens(text: str, lang: Lang) -> list[str]:
    """Words for en/id, characters for Chinese (CJK text has no spaces to split on)."""
    clean = strip_punct(normalise(text, lang))
    if lang.is_chinese:
        return [ch for ch in clean if not ch.isspace()]
    return clean.split()


def speech_units(text: str, lang: Lang) -> int:
    """Units a speech rate is counted in: characters for Chinese, words for en/id."""
    return len(tokens(text, lang))


def compact(text: str, lang: Lang | None = None) -> str:
    """The normalised text without punctuation or spaces: two lines that differ only in case,
    punctuation, spacing or Chinese script compact to the same string."""
    return strip_punct(normalise(text, lang)).replace(" ", "")


def char_bigrams(text: str) -> set[str]:
    """Character pairs of the compacted text: a script-neutral fingerprint."""
    s = compact(text)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def near_repeat_of(text: str, earlier: list[str], *, last: int = 3, threshold: float = 0.8) -> str | None:
    """The line among the ``last`` earlier ones that ``text`` nearly repeats (bigram Jaccard ≥ threshold)."""
    mine = char_bigrams(text)
    for line in earlier[-last:]:
        theirs = char_bigrams(line)
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= threshold:
            return line
    return None
