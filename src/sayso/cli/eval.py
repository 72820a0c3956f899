"""`sayso eval`: accuracy of the real engines on labelled speech, clean and degraded."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sayso.cli.common import ConfigOption, settings_from
from sayso.config import Settings
from sayso.errors import BadInput

eval_app = typer.Typer(help="Accuracy evaluations (ASR, SLU, dialogues).", no_args_is_help=True)

ManifestOption = Annotated[
    Path, typer.Option("--manifest", "-m", help="JSON Lines manifest: audio, text, ...")
]
NoiseOption = Annotated[
    Path | None, typer.Option("--noise", help="Noise manifest (JSON Lines with `audio`).")
]
SnrOption = Annotated[str | None, typer.Option("--snr", help="SNRs in dB, e.g. 0,5,10,20.")]
OutOption = Annotated[Path, typer.Option("--out", help="Output folder.")]
LimitOption = Annotated[
    int | None, typer.Option("--limit", help="At most N utterances, stratified by intent.")
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of all augmentation.")]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        help="Language of the set (de, fr, es, zh-cn...); default: the configured one.",
    ),
]
RayOption = Annotated[bool, typer.Option("--ray", help="Run on a local Ray instance.")]
RayAddressOption = Annotated[
    str | None, typer.Option("--ray-address", help="Run on this Ray cluster (e.g. auto).")
]


@eval_app.command("asr")
def eval_asr(
    manifest: ManifestOption,
    noise: NoiseOption = None,
    snr: SnrOption = None,
    speed: Annotated[str | None, typer.Option(help="Speed factors, e.g. 0.9,1.1.")] = None,
    reverb: Annotated[Path | None, typer.Option(help="Room impulse response manifest.")] = None,
    telephone: Annotated[bool, typer.Option(help="Add a telephone-line condition.")] = False,
    model: Annotated[str | None, typer.Option(help="faster-whisper model name or path.")] = None,
    out: OutOption = Path("eval-out/asr"),
    limit: LimitOption = None,
    seed: SeedOption = 0,
    ray: RayOption = False,
    ray_address: RayAddressOption = None,
    config: ConfigOption = None,
) -> None:
    """Word and character error rates per condition, with per-utterance rows and a WER plot."""
    from sayso.evaluation.asr_eval import report_asr
    from sayso.evaluation.data.manifest import read_manifest
    from sayso.evaluation.engines import AsrScorerFactory
    from sayso.evaluation.plan import build_conditions, parse_floats, stratified
    from sayso.evaluation.runner import run_rows

    settings = settings_from(config, asr={"model": model})
    utterances = stratified(read_manifest(manifest), limit, seed)
    conditions = build_conditions(
        noise=noise,
        snrs=parse_floats(snr, "--snr"),
        speeds=parse_floats(speed, "--speed"),
        reverb=reverb,
        telephone=telephone,
    )
    factory = AsrScorerFactory(settings, language=settings.intents.language)
    rows = run_rows(
        utterances, conditions, factory, seed=seed, description="ASR", ray=ray,
        ray_address=ray_address,
    )  # fmt: skip
    report = report_asr(rows, conditions, out)
    typer.echo(report.summary_md.read_text(encoding="utf-8"))
    typer.echo(f"rows: {report.rows_path}\nplot: {report.plot_path}")


@eval_app.command("slu")
def eval_slu(
    manifest: ManifestOption,
    intents: Annotated[
        Path | None, typer.Option("--intents", help="Extra intents YAML (custom sentences).")
    ] = None,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Home Assistant fixture home (floors, areas, entities)."),
    ] = None,
    noise: NoiseOption = None,
    snr: SnrOption = None,
    model: Annotated[str | None, typer.Option(help="faster-whisper model name or path.")] = None,
    only_custom: Annotated[
        bool,
        typer.Option("--only-custom", help="Load only the --intents file's intents."),
    ] = False,
    gold_from_grammar: Annotated[
        bool,
        typer.Option(
            "--gold-from-grammar",
            help="Label utterances without an intent by parsing their text with the grammar.",
        ),
    ] = False,
    out: OutOption = Path("eval-out/slu"),
    limit: LimitOption = None,
    seed: SeedOption = 0,
    language: LanguageOption = None,
    ray: RayOption = False,
    ray_address: RayAddressOption = None,
    config: ConfigOption = None,
) -> None:
    """Intent accuracy, slot P/R/F1, SLU-F1 and command acceptance per condition."""
    from sayso.evaluation.data.manifest import read_manifest
    from sayso.evaluation.engines import SluScorerFactory
    from sayso.evaluation.plan import build_conditions, here_areas, parse_floats, stratified
    from sayso.evaluation.runner import run_rows
    from sayso.evaluation.slu_eval import report_slu

    settings = for_language(settings_from(config, asr={"model": model}), language)
    if intents is not None:
        custom = (*settings.intents.custom, str(intents))
        settings = dataclasses.replace(
            settings, intents=dataclasses.replace(settings.intents, custom=custom)
        )
    if only_custom:
        settings = dataclasses.replace(
            settings, intents=dataclasses.replace(settings.intents, builtin=False)
        )
    utterances = stratified(read_manifest(manifest), limit, seed)
    conditions = build_conditions(noise=noise, snrs=parse_floats(snr, "--snr"))
    factory = SluScorerFactory(
        settings,
        fixture=home,
        here=here_areas(manifest),
        language=settings.intents.language,
        gold_from_grammar=gold_from_grammar,
    )
    rows = run_rows(
        utterances, conditions, factory, seed=seed, description="SLU", ray=ray,
        ray_address=ray_address,
    )  # fmt: skip
    report = report_slu(rows, conditions, out, settings.intents.language)
    typer.echo(report.summary_md.read_text(encoding="utf-8"))
    typer.echo(f"rows: {report.rows_path}\nplot: {report.plot_path}")


@eval_app.command("text")
def eval_text(
    texts: Annotated[
        Path, typer.Option("--texts", help="JSON Lines (text, intent, slots, context).")
    ],
    home: Annotated[
        Path, typer.Option("--home", help="Home Assistant fixture home (floors, areas, entities).")
    ],
    out: OutOption = Path("eval-out/text"),
    limit: LimitOption = None,
    seed: SeedOption = 0,
    language: LanguageOption = None,
    replies: Annotated[
        int,
        typer.Option(
            "--replies",
            help="Also run N of the sentences read right (spread over intents) as whole turns on "
            "the fixture home and check each reply's language and HA's expected response.",
        ),
    ] = 0,
    config: ConfigOption = None,
) -> None:
    """Command acceptance on text alone (the grammar and home, no speech), by HA's test rule.

    Writes `text_summary.md` (per half: all sentences, those the home and the installed grammar
    can express) and `text_rows.jsonl` (one row per sentence: sayso's and HA's reading).
    """
    from sayso.evaluation.plan import dumps_line, read_texts
    from sayso.evaluation.text_eval import score_texts

    settings = for_language(settings_from(config), language)
    items = read_texts(texts)
    if limit is not None:
        items = _stratified_items(items, limit, seed)
    score = score_texts(items, settings, home)
    out.mkdir(parents=True, exist_ok=True)
    summary = score.markdown()
    (out / "text_summary.md").write_text(summary, encoding="utf-8")
    # text_misses.jsonl: the rows not read right (scripts/lang_splits.py reads it).
    with (out / "text_rows.jsonl").open("w", encoding="utf-8") as rows, \
            (out / "text_misses.jsonl").open("w", encoding="utf-8") as misses:  # fmt: skip
        for row in score.rows:
            fields = dataclasses.asdict(row) | {"in_grammar": row.in_grammar}
            line = dumps_line(json.loads(json.dumps(fields, default=str)))
            rows.write(line)
            if not row.ok:
                misses.write(line)
    if replies > 0:
        summary += _reply_check(score, items, settings, home, out, replies, seed)
        (out / "text_summary.md").write_text(summary, encoding="utf-8")
    typer.echo(summary)
    typer.echo(f"rows: {out / 'text_rows.jsonl'}")


def _reply_check(
    score: Any,
    items: list[dict[str, Any]],
    settings: Settings,
    home: Path,
    out: Path,
    limit: int,
    seed: int,
) -> str:
    """Replies of `limit` sentences read right, without a speaker's area; rows and a line."""
    from sayso.evaluation.plan import dumps_line
    from sayso.evaluation.text_replies import check_replies

    right = [o for o, row in zip(items, score.rows, strict=True) if row.ok and not row.context]
    checked = check_replies(_stratified_items(right, limit, seed), settings, home)
    with (out / "text_replies.jsonl").open("w", encoding="utf-8") as rows:
        for reply in checked:
            rows.write(dumps_line(dataclasses.asdict(reply)))
    n = max(1, len(checked))
    return (
        f"\nReplies ({len(checked)} sentences read right, whole turns on the fixture home): "
        f"in the language {sum(r.in_language for r in checked) / n:.1%}, "
        f"equal to HA's expected response {sum(r.as_ha for r in checked) / n:.1%}\n"
    )


def _stratified_items(items: list[dict[str, Any]], limit: int, seed: int) -> list[dict[str, Any]]:
    from sayso.evaluation.data.manifest import Utterance
    from sayso.evaluation.plan import stratified

    utterances = [
        Utterance(str(i), Path(), o["text"], o.get("intent"), dict(o.get("slots") or {}))
        for i, o in enumerate(items)
    ]
    return [items[int(u.id)] for u in stratified(utterances, limit, seed)]


@eval_app.command("synth")
def eval_synth(
    texts: Annotated[
        Path, typer.Option("--texts", help="Text set: JSON Lines (text, intent, slots) or .txt.")
    ],
    voices: Annotated[str, typer.Option(help="Comma-separated voices.")] = "piper,espeak",
    out: OutOption = Path("eval-out/synth"),
    limit: LimitOption = None,
    seed: SeedOption = 0,
    language: LanguageOption = None,
    config: ConfigOption = None,
) -> None:
    """Render a text set to a spoken manifest (16 kHz WAV) with every chosen voice.

    With --language, "espeak" is espeak-ng's voice of that language, and "piper" is refused
    unless the configured Piper voice speaks it.
    """
    from sayso.evaluation.data.synth import synthesize_texts

    names = [v.strip() for v in voices.split(",") if v.strip()]
    settings = settings_from(config)
    manifest = synthesize_texts(
        texts, names, out, settings=settings, limit=limit, seed=seed,
        language=language or settings.tts.language,
    )  # fmt: skip
    typer.echo(str(manifest))


@eval_app.command("dialogue")
def eval_dialogue(
    scenarios: Annotated[Path, typer.Argument(help="Scenarios YAML (see sayso/data/scenarios).")],
    noise: NoiseOption = None,
    out: OutOption = Path("eval-out/dialogue"),
    seed: SeedOption = 0,
    config: ConfigOption = None,
    turn_end: Annotated[
        bool,
        typer.Option(
            "--turn-end",
            help="Replay each turn offline at every pause and score end-of-turn policies "
            "(false cut-offs vs silence; calibrated on one half, reported on the other).",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="With --turn-end: the first N turns only.")
    ] = None,
    replayed: Annotated[
        list[Path] | None,
        typer.Option("--replayed", help="With --turn-end: score the pauses of an earlier run "
                     "(its turn_end.jsonl) instead of replaying the audio; repeat it to score "
                     "several runs together."),
    ] = None,
    voice_variation: Annotated[
        bool,
        typer.Option("--voice-variation", help="Piper renders with its random variation (as "
                     "`sayso bench live` does): every run hears different audio."),
    ] = False,
    phases: Annotated[
        int,
        typer.Option("--phases", help="With --turn-end: replay each turn at this many 32 ms "
                     "frame phases (a live turn starts anywhere within a frame)."),
    ] = 1,
) -> None:
    """Scripted conversations through the live session in real time; gaps, barge-ins, actions."""
    from sayso.evaluation.dialogue.command import run_dialogue_eval, run_turn_end_eval
    from sayso.evaluation.dialogue.scenarios import load_scenarios

    spec = load_scenarios(scenarios)
    if limit is not None and limit < 1:
        raise BadInput("--limit must be at least 1")
    if turn_end:
        summary_md = run_turn_end_eval(
            spec, settings_from(config), out, limit=limit, replayed=replayed or (),
            variation=voice_variation, phases=phases,
        )
    else:
        summary_md = run_dialogue_eval(spec, settings_from(config), out, noise=noise, seed=seed,
                                       variation=voice_variation)
    typer.echo(summary_md.read_text(encoding="utf-8"))


def for_language(settings: Settings, language: str | None) -> Settings:
    """`settings` for a set in `language`: its intents, and recognition in that language.

    An English-only recogniser ("tiny.en") becomes the multilingual "base" for other languages.
    """
    if language is None:
        return settings
    from sayso import languages

    code = languages.canonical(language)
    model = settings.asr.model
    if code != "en" and model.endswith(".en"):
        model = "base"
    return dataclasses.replace(
        settings,
        intents=dataclasses.replace(settings.intents, language=code),
        asr=dataclasses.replace(settings.asr, language=code, model=model),
    )


def register(app: typer.Typer) -> None:
    """Add the eval command group."""
    from sayso.cli import calibrate  # noqa: F401  (registers `sayso eval calibrate`)

    app.add_typer(eval_app, name="eval")
