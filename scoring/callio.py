"""Read a call to score: a plain eval transcript or a full :class:`CallRecord` (a superset of it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import AppError, field_of
from core.languages import Lang, parse_lang, to_simplified
from core.record import CallRecord, Speaker

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")


class CallFileError(AppError):
    hint = "the file must be a call record or an eval transcript (see shared/eval/README.md)"


@dataclass(frozen=True)
class LoadedCall:
    """A call record plus what scoring needs around it: the language and where its recording lies."""

    record: CallRecord
    lang: Lang
    display_lang: Lang  # the script feedback is written in: zh-TW for a bare "zh" call written in Traditional
    audio: Path | None = None
    trainee_channel: int | None = None  # which channel of a stereo recording is the trainee

    @property
    def outbound(self) -> bool:
        return self.record.direction == "outbound"


def _is_traditional(texts: list[str]) -> bool:
    """More than 2 % of the characters change under Traditional→Simplified conversion."""
    joined = "".join(texts)
    changed = sum(a != b for a, b in zip(joined, to_simplified(joined), strict=False))
    return bool(joined) and changed / len(joined) > 0.02


def call_langs(record: CallRecord) -> tuple[Lang, Lang]:
    """The call's language (a bare ``zh`` is zh-CN) and the one its feedback is shown in (zh-TW when a
    bare ``zh`` call is written in Traditional characters)."""
    try:
        lang = parse_lang(record.language)
    except ValueError as exc:
        raise CallFileError(f"call {record.id!r}: {exc}") from None
    if record.language.strip().lower() == "zh" and _is_traditional([t.text for t in record.turns]):
        return lang, Lang.ZH_TW
    return lang, lang


def from_data(data: dict[str, Any], source: Path | None = None) -> LoadedCall:
    """Validate parsed JSON as a call; eval transcripts validate as records (missing fields take defaults)."""
    where = str(source) if source else "call"
    try:
        record = CallRecord.model_validate(data)
    except ValidationError as exc:
        problems = [f"{field_of(e)}: {e['msg']}" for e in exc.errors(include_url=False)[:3]]
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise CallFileError(f"{where}: {'; '.join(problems)}{more}") from None
    if not any(t.speaker is Speaker.TRAINEE for t in record.turns):
        raise CallFileError(f"{where}: the call has no trainee turns, so there is nothing to score")
    audio, channel = _audio_for(record, source)
    lang, display = call_langs(record)
    return LoadedCall(record=record, lang=lang, display_lang=display, audio=audio, trainee_channel=channel)


def _audio_for(record: CallRecord, source: Path | None) -> tuple[Path | None, int | None]:
    """A recording named in the record (``audio``, relative to the record file) or a sibling NAME.wav."""
    extra = record.model_extra or {}
    channel = extra.get("trainee_channel")
    named = extra.get("audio")
    base = source.parent if source else Path.cwd()
    if isinstance(named, str) and named:
        path = Path(named) if Path(named).is_absolute() else base / named
        return (path if path.is_file() else None), channel if isinstance(channel, int) else None
    if source is not None:
        for suffix in AUDIO_SUFFIXES:
            sibling = source.with_suffix(suffix)
            if sibling.is_file():
                return sibling, channel if isinstance(channel, int) else None
    return None, None


def load_call(path: Path) -> LoadedCall:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CallFileError(f"cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise CallFileError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise CallFileError(f"{path}: expected a JSON object")
    return from_data(data, path)
