r"""Before/after on Home Assistant's spoken test sentences from one recognition per clip.

    PYTHONPATH=src python scripts/ha_variants.py MANIFEST \\
        --home ../shared/data/intents/ha_fixtures_en.yaml --snr 6,12,24 \\
        --variants before,after --out DIR

As `sayso eval slu --home ...` runs it (the product's `SluScorerFactory`, the fixture home, HA's
test context as the speaker's area, clean plus each SNR), but every (clip, condition) is
transcribed once and each variant (module constants set, `VARIANTS`) reads that same
recognition, so "before" and "after" differ only by what the variant changes and the pair costs
one recognition. Every variant reads a clip before the next clip is recognised. Each variant's
rows and summaries go to DIR/<variant>/ (`report_slu`: the files `sayso eval slu` writes).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path
from typing import Any

from variant_replay import cache_transcriptions, patched

from sayso.cli.common import settings_from
from sayso.evaluation.augment.conditions import iter_conditioned
from sayso.evaluation.data.manifest import read_manifest
from sayso.evaluation.engines import SluScorerFactory
from sayso.evaluation.plan import build_conditions, here_areas, parse_floats, stratified
from sayso.evaluation.slu_eval import report_slu
from sayso.understanding.grammar.wayout import WayOut, load_wayout

NOISE = Path("../shared/data/noise/manifest.jsonl")
U = "sayso.understanding.understand"
P = "sayso.understanding.constrained_paths"  # SECONDED_WITHIN is read there
C = "sayso.understanding.grammar.constrain"
ROUND7_WAYOUT = WayOut(4.175, 0.15, 2.0, 0.6, fitted=True)
"""tiny.en's way out as shipped before the round-8 refit (BENCHMARKS.md, "Refused right
readings (issue 12, round 8)")."""
TINY_EN = "tiny.en:75537502:int8"


def _round7_wayout(identity: str, user_file: Path | None = None) -> WayOut:
    """`load_wayout` with tiny.en's (non-sole) rule as it was in round 7."""
    return ROUND7_WAYOUT if identity == TINY_EN else load_wayout(identity, user_file)


VARIANTS: dict[str, list[tuple[str, str, Any]]] = {
    "before": [(U, "NARROW_WILDCARDS", False), (P, "SECONDED_WITHIN", float("-inf"))],
    "narrowed": [(P, "SECONDED_WITHIN", float("-inf"))],
    "round7": [(C, "load_wayout", _round7_wayout)],
    "after": [],
}
"""Variant name → (module, constant, value) to set; "after" is the code as it is."""


def main() -> None:
    """Run the variants."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--home", type=Path, help="HA fixture home (default: the demo home)")
    parser.add_argument("--snr", default="6,12,24")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--variants", default="before,after")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--noise", type=Path, default=NOISE)
    parser.add_argument("--no-clean", action="store_true", help="noisy conditions only")
    parser.add_argument("--intents", help="a custom intents file, among the built-ins")
    parser.add_argument(
        "--features", action="store_true", help="DIR/features.jsonl: the way out's inputs per row"
    )
    args = parser.parse_args()
    key = cache_transcriptions()
    seen = _record_readings() if args.features else None
    settings = settings_from(None, asr={"model": None})
    if args.intents:
        intents = dataclasses.replace(settings.intents, custom=(args.intents,))
        settings = dataclasses.replace(settings, intents=intents)
    snrs = parse_floats(args.snr, "--snr")
    conditions = build_conditions(noise=args.noise if snrs else None, snrs=snrs)
    if args.no_clean:
        conditions = [c for c in conditions if c.snr_db is not None]
    utterances = stratified(read_manifest(args.manifest), args.limit)
    clips = list(iter_conditioned(utterances, conditions, seed=0, progress=False))
    here = here_areas(args.manifest)
    names = args.variants.split(",")
    scorers = {}
    for name in names:
        with patched(VARIANTS[name]):
            scorers[name] = SluScorerFactory(
                settings, fixture=args.home, here=here, gold_from_grammar=bool(args.intents)
            )()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    cpu = dict.fromkeys(names, 0.0)
    args.out.mkdir(parents=True, exist_ok=True)
    # Rows as they come (DIR/<variant>.partial.jsonl), to read failures before the run ends.
    partial = {name: (args.out / f"{name}.partial.jsonl").open("w") for name in names}
    features = (args.out / "features.jsonl").open("w") if seen is not None else None
    for index, (utt, condition, audio) in enumerate(clips, start=1):
        key[0] = (utt.id, condition.name)
        for name in names:
            started = time.process_time()
            if seen is not None:
                seen.clear()
            with patched(VARIANTS[name]):
                rows[name].append(scorers[name](utt, condition.name, audio))
            cpu[name] += time.process_time() - started
            partial[name].write(json.dumps(rows[name][-1]) + "\n")
            partial[name].flush()
            if features is not None and seen is not None and name == names[0]:
                features.write(json.dumps(_features(utt.id, condition.name, seen)) + "\n")
                features.flush()
        if index % 50 == 0:
            print(f"{index}/{len(clips)} clips", flush=True)
    for name in names:
        _summarise(name, rows[name], conditions, args.out / name, cpu[name])


def _record_readings() -> list[tuple[Any, Any]]:
    """Keep every (transcript, reading) the constrained reader returns, for `_features`."""
    from sayso.understanding.grammar.constrain import ConstrainedReader

    seen: list[tuple[Any, Any]] = []
    read = ConstrainedReader.read

    def recording(self: Any, transcript: Any, *args: Any, **kwargs: Any) -> Any:
        reading = read(self, transcript, *args, **kwargs)
        if reading is not None:  # not the typed reference text the scorer also reads
            seen.append((transcript, reading))
        return reading

    ConstrainedReader.read = recording  # type: ignore[method-assign]
    return seen


def _features(utt_id: str, condition: str, seen: list[tuple[Any, Any]]) -> dict[str, Any]:
    """The first variant's last constrained reading of a clip: what the way out compared."""
    row: dict[str, Any] = {"id": utt_id, "condition": condition}
    if not seen:
        return row
    transcript, reading = seen[-1]
    words = [w.probability for w in transcript.words]
    row.update(
        heard=transcript.text,
        no_speech_prob=round(transcript.no_speech_prob, 4),
        duration_s=round(transcript.audio_duration_s, 3),
        word_probs=[round(p, 4) for p in words],
        hypotheses=[
            (h.text, round(h.score, 3), round(h.avg_logprob, 4)) for h in transcript.hypotheses
        ],
    )
    if reading is None or reading.best is None:
        return row
    row.update(
        score=reading.score,
        ratio=reading.ratio,
        reference_tokens=reading.reference_tokens,
        tail=reading.tail,
        accepted=reading.accepted,
        candidates=[(c.text, round(c.logprob, 3), c.tokens) for c in reading.candidates],
    )
    return row


def _summarise(
    name: str, rows: list[dict[str, Any]], conditions: Any, out: Path, cpu: float
) -> None:
    """Write the variant's rows and summaries, and print its noisy acceptance."""
    report_slu(rows, conditions, out)
    noisy = [r for r in rows if r["condition"] != "clean"]
    ok = sum(r["accepted"] for r in noisy)
    grammar = [r for r in noisy if r.get("text_accepted", True)]
    in_ok = sum(r["accepted"] for r in grammar)
    print(
        f"{name}: noisy {ok}/{len(noisy)} accepted, in grammar {in_ok}/{len(grammar)}; "
        f"cpu {cpu:.0f} s (the first variant's includes the recognition)",
        flush=True,
    )


if __name__ == "__main__":
    main()
