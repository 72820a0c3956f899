"""Test conditions and evaluation sets from command-line style options."""

from __future__ import annotations

import json
import os
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from sayso.errors import BadInput
from sayso.evaluation.augment.conditions import CLEAN, Condition
from sayso.evaluation.augment.noise import NOT_NOISE, NoiseBank
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import Utterance, iter_jsonl

MAX_RIRS: Final[int] = 3
"""Reverberant conditions made from a room-impulse-response manifest (one per RIR, first ones)."""


def parse_floats(text: str | None, what: str) -> list[float]:
    """Comma-separated numbers ("0,5,10") as floats; None or empty gives []."""
    if not text:
        return []
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise BadInput(f"{what} must be comma-separated numbers, got {text!r}") from exc


def build_conditions(
    *,
    noise: Path | None = None,
    snrs: Sequence[float] = (),
    speeds: Sequence[float] = (),
    reverb: Path | None = None,
    telephone: bool = False,
) -> list[Condition]:
    """Clean, then noise at each SNR (descending), each speed, each RIR, the telephone line."""
    if snrs and noise is None:
        raise BadInput("--snr needs --noise NOISE_MANIFEST")
    conditions = [CLEAN]
    if noise is not None:
        bank = NoiseBank(noise)
        conditions += [
            Condition(f"noise-{snr:g}dB", snr_db=snr, noise=bank, series="noise")
            for snr in sorted(set(snrs), reverse=True)
        ]
    conditions += [Condition(f"speed-{s:g}", speed=s) for s in speeds if s != 1.0]
    if reverb is not None:
        conditions += [
            Condition(f"reverb-{path.stem}", reverb=read_clip(path), series="reverb")
            for path in _rir_paths(reverb)[:MAX_RIRS]
        ]
    if telephone:
        conditions.append(Condition("telephone", telephone=True, mu_law=True))
    return conditions


def _rir_paths(manifest: Path) -> list[Path]:
    """RIRs of a manifest; in a mixed noise manifest, only the entries categorised as RIRs."""
    entries = [obj for _, obj in iter_jsonl(manifest) if obj.get("audio")]
    rirs = [obj for obj in entries if obj.get("category") in NOT_NOISE]
    paths = [(manifest.parent / str(obj["audio"])).resolve() for obj in rirs or entries]
    if not paths:
        raise BadInput(f"RIR manifest {manifest} lists no audio")
    return paths


def stratified(
    utterances: Sequence[Utterance], limit: int | None, seed: int = 0
) -> list[Utterance]:
    """At most `limit` utterances, spread evenly over intents (or speakers), in manifest order.

    Round-robin over the groups after a seeded shuffle within each, so a small limit still covers
    every intent; without labels it is the first `limit`.
    """
    if limit is None or limit >= len(utterances):
        return list(utterances)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, utt in enumerate(utterances):
        groups[utt.intent or utt.speaker or ""].append(index)
    if len(groups) <= 1:
        return list(utterances[:limit])
    rng = random.Random(seed)
    for members in groups.values():
        rng.shuffle(members)
    chosen: list[int] = []
    while len(chosen) < limit:
        for members in groups.values():
            if members and len(chosen) < limit:
                chosen.append(members.pop())
    return [utterances[i] for i in sorted(chosen)]


def here_areas(manifest: str | os.PathLike[str]) -> dict[str, str]:
    """Utterance id → `context.area` of each manifest line that has one (HA's test context)."""
    here: dict[str, str] = {}
    for _, obj in iter_jsonl(Path(manifest)):
        context: Any = obj.get("context") or {}
        if isinstance(context, dict) and context.get("area"):
            here[str(obj.get("id", obj.get("audio")))] = str(context["area"])
    return here


def read_texts(path: Path) -> list[dict[str, Any]]:
    """A text set: JSON Lines (`text`, optional `intent`, `slots`, `context`) or one per line."""
    if path.suffix == ".jsonl":
        items = [obj for _, obj in iter_jsonl(path)]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
        items = [{"text": line.strip()} for line in lines if line.strip()]
    for index, item in enumerate(items, start=1):
        if not isinstance(item.get("text"), str) or not item["text"].strip():
            raise BadInput(f"{path}: item {index} has no 'text'")
    return items


def dumps_line(obj: dict[str, Any]) -> str:
    """One JSON Lines line."""
    return json.dumps(obj, ensure_ascii=False) + "\n"
