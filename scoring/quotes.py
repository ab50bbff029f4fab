"""Check that a quote is really the trainee's words: tolerant of case, punctuation, spacing and Chinese
script; strict on every word (en/id) or character (zh).

Text is reduced to a token skeleton (words, or single Hanzi; digit groups such as ``0412 906 771``
join into one token) that remembers each token's span in the original, so a verified quote is
returned exactly as it appears in the transcript. Quotes may elide with ``...`` / ``…``: every
piece must then occur, in order, in the same turn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from core.languages import Lang, to_simplified

_TOKEN = re.compile(
    r"\d+(?:[\s\-.]\d+)*"  # a digit group, spaces and dashes inside allowed
    r"|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one Hanzi
    r"|[^\W\d_]+(?:'[^\W\d_]+)?"  # a word, with an apostrophe inside allowed
)
_ELLIPSIS = re.compile(r"\.{3,}|…+")


@dataclass(frozen=True)
class Span:
    turn: int  # index into the call's turns
    start: int  # character offsets into that turn's text
    end: int
    text: str


def skeleton(text: str, lang: Lang) -> tuple[list[str], list[tuple[int, int]]]:
    """Comparable tokens of ``text`` and where each one lies in it."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):  # offsets must stay valid for the original
        folded = text
    toks: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(folded.lower()):
        tok = m.group(0)
        if tok[0].isdigit():
            tok = re.sub(r"\D", "", tok)
        elif lang.is_chinese:
            tok = to_simplified(tok)
        toks.append(tok)
        spans.append(m.span())
    return toks, spans


def _find(needle: list[str], hay: list[str], start: int = 0) -> int:
    """First index ≥ start where ``needle`` occurs in ``hay`` token for token, or -1."""
    n = len(needle)
    for i in range(start, len(hay) - n + 1):
        if hay[i] == needle[0] and Levenshtein.distance(needle, hay[i: i + n]) == 0:
            return i
    return -1


def locate(quote: str, turns: dict[int, str], lang: Lang) -> Span | None:
    """Where ``quote`` occurs among ``turns`` (turn index → text), or None if it cannot be verified."""
    pieces = [skeleton(p, lang)[0] for p in _ELLIPSIS.split(quote)]
    pieces = [p for p in pieces if p]
    if not pieces or sum(len(p) for p in pieces) < 2:
        return None
    # Try the most similar turns first; rapidfuzz only orders the search, the token check decides.
    order = sorted(turns, key=lambda i: -fuzz.partial_ratio(quote.lower(), turns[i].lower()))
    for idx in order:
        toks, spans = skeleton(turns[idx], lang)
        pos, first, last = 0, -1, -1
        for piece in pieces:
            at = _find(piece, toks, pos)
            if at < 0:
                break
            first = at if first < 0 else first
            last, pos = at + len(piece) - 1, at + len(piece)
        else:
            s, e = spans[first][0], spans[last][1]
            return Span(turn=idx, start=s, end=e, text=turns[idx][s:e])
    return None
