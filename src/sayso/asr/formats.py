"""Transcript output formats: txt, json, srt, vtt (shared by the CLI and the HTTP API)."""

from __future__ import annotations

import json
from typing import Any

from sayso.asr.base import AsrResult

FORMATS = ("txt", "json", "srt", "vtt", "verbose_json")


def _timestamp(seconds: float, sep: str) -> str:
    ms_total = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(ms_total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def _segments(result: AsrResult) -> list[tuple[float, float, str]]:
    if result.segments:
        return [(s, e, t.strip()) for s, e, t in result.segments if t.strip()]
    return [(0.0, result.duration_s, result.text.strip())] if result.text.strip() else []


def to_srt(result: AsrResult) -> str:
    """SubRip subtitles."""
    blocks = [
        f"{i}\n{_timestamp(s, ',')} --> {_timestamp(e, ',')}\n{t}\n"
        for i, (s, e, t) in enumerate(_segments(result), start=1)
    ]
    return "\n".join(blocks)


def to_vtt(result: AsrResult) -> str:
    """WebVTT subtitles."""
    cues = [
        f"{_timestamp(s, '.')} --> {_timestamp(e, '.')}\n{t}\n" for s, e, t in _segments(result)
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def to_verbose(result: AsrResult) -> dict[str, Any]:
    """OpenAI-style verbose JSON: text, language, duration, segments, words, plus sayso's N-best."""
    return {
        "task": "transcribe",
        "language": result.language,
        "duration": round(result.duration_s, 3),
        "text": result.text,
        "segments": [
            {"id": i, "start": round(s, 3), "end": round(e, 3), "text": t}
            for i, (s, e, t) in enumerate(_segments(result))
        ],
        "words": [
            {"word": w.word.strip(), "start": round(w.start_s, 3), "end": round(w.end_s, 3)}
            for w in result.words
        ],
        "nbest": [{"text": h.text, "score": round(h.score, 4)} for h in result.hypotheses],
    }


def render(result: AsrResult, fmt: str) -> str:
    """The transcript in `fmt` (one of FORMATS) as text."""
    if fmt == "txt":
        return result.text.strip() + "\n"
    if fmt == "srt":
        return to_srt(result)
    if fmt == "vtt":
        return to_vtt(result)
    if fmt == "json":
        return json.dumps({"text": result.text.strip()}, ensure_ascii=False) + "\n"
    if fmt == "verbose_json":
        return json.dumps(to_verbose(result), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
