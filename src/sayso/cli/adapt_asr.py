"""`sayso adapt asr`: a recogniser adapted to your domain, kept only if it measures better."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from sayso.cli.common import ConfigOption, settings_from
from sayso.errors import BadInput, ConfigError


def adapt_asr(
    out: Annotated[Path, typer.Option("--out", help="Output folder (must not exist yet).")],
    intents: Annotated[
        Path | None, typer.Option("--intents", help="Domain intent YAML (hassil templates).")
    ] = None,
    home: Annotated[
        Path | None, typer.Option("--home", help="Home YAML: adapt to the built-in grammar for it.")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="Real recordings (JSON Lines: audio, text).")
    ] = None,
    noise: Annotated[
        Path | None, typer.Option("--noise", help="Noise folder (split into train/eval halves).")
    ] = None,
    open_speech: Annotated[
        Path | None,
        typer.Option("--open-speech", help="Manifest of open (non-command) speech for the gate."),
    ] = None,
    never_train: Annotated[
        Path | None,
        typer.Option("--never-train", help="Texts never trained on; the gate speaks these."),
    ] = None,
    steps: Annotated[int, typer.Option("--steps", min=1, help="Training steps.")] = 300,
    sentences: Annotated[
        int, typer.Option("--sentences", min=1, help="Sentences drawn from the grammar.")
    ] = 400,
    renders: Annotated[
        int, typer.Option("--renders", min=1, help="Spoken versions of each training sentence.")
    ] = 2,
    snr: Annotated[
        str, typer.Option("--snr", help="Gate SNRs in dB, comma-separated.")
    ] = "6,12,24",
    gate_sentences: Annotated[
        int, typer.Option("--gate-sentences", min=1, help="Held-out sentences the gate speaks.")
    ] = 40,
    method: Annotated[
        str, typer.Option("--method", help="Train the decoder's layers: full | lora.")
    ] = "full",
    rehearsal: Annotated[
        float,
        typer.Option(
            "--rehearsal", min=0.0, max=0.9, help="Share of each batch that is open speech."
        ),
    ] = 0.5,
    kl: Annotated[
        float, typer.Option("--kl", min=0.0, help="Weight of KL to the base model on open speech.")
    ] = 0.0,
    learning_rate: Annotated[
        float | None,
        typer.Option("--learning-rate", help="Peak learning rate (default by method)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seeds sampling, audio and training.")] = 0,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            help="Render the training speech on a Ray cluster: auto | local | ray://HOST:10001.",
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the unfinished run in OUT.partial.")
    ] = False,
    int8: Annotated[
        bool, typer.Option("--int8", help="Serve int8 weights (default float16).")
    ] = False,
    trim: Annotated[
        bool,
        typer.Option(
            "--trim",
            help="Train on (and serve) the base's trimmed encoder input (tiny.en: speech + 10 s): "
            "turns as fast as the base's, but open speech read worse on pizza.",
        ),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Fine-tune Whisper on speech synthesised from the grammar, then gate it against the base."""
    from sayso.adapt.extra import require_all

    require_all()
    from sayso.adapt.asr import dataset, plan, train
    from sayso.adapt.asr.run import AdaptOptions
    from sayso.adapt.asr.run import adapt_asr as run
    from sayso.evaluation.plan import parse_floats

    settings = plan.domain_settings(settings_from(config), intents, home)
    plan.load_grammar(settings)  # refuses a grammar with nothing to say before anything is written
    real_train, real_eval = plan.split_real(manifest)
    options = AdaptOptions(
        snrs=tuple(parse_floats(snr, "--snr")),
        noise=noise,
        never_train=never_train,
        gate_sentences=gate_sentences,
        quantization="int8" if int8 else "float16",
        recipe=train.recipe_for(method, rehearsal, kl, learning_rate),
        ray_address=ray_address,
        trim=trim,
    )
    open_rows = plan.read_open(open_speech)
    if ray_address is not None:
        from sayso.adapt.asr import cluster

        cluster.connect(ray_address)  # before anything is written: a bad address leaves nothing
    fresh = not out.with_name(out.name + ".partial").exists()
    clips = sentences * renders + len(real_train)
    work = plan.check_output(out, resume, clips + dataset.open_count(clips, rehearsal))
    adapt_plan = plan.AdaptPlan(
        settings, out, work, real_train, real_eval, open_rows, steps, seed, sentences, renders
    )
    try:
        result = run(adapt_plan, options)
    except (BadInput, ConfigError):
        # Refused input leaves nothing behind (unless it was a resumed run's folder).
        if fresh:
            shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if ray_address is not None:
            cluster.disconnect()
    verdict = "deployable" if result["deployable"] else "NOT deployable (see report.md)"
    typer.echo(f"{out}: {verdict}\nconfig: {out / 'sayso.yaml'}")


def register(group: typer.Typer) -> None:
    """Add `sayso adapt asr` to the adapt group."""
    group.command("asr")(adapt_asr)
