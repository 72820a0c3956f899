"""`sayso bench wake`: false accepts per hour, recall on rendered phrases, idle CPU share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from

DEFAULT_MODELS = "hey_jarvis,alexa,hey_mycroft,hey_rhasspy"


def bench_wake(
    data: Annotated[Path, typer.Option(help="The shared data folder (speech/, noise/, intents/).",
                                       exists=True, file_okay=False)],
    hours: Annotated[float, typer.Option(min=0.01, max=24, help="Negative audio to run.")] = 1.0,
    models: Annotated[str, typer.Option(help="Comma-separated wake-word models.")] = DEFAULT_MODELS,
    sentences: Annotated[int, typer.Option(min=0, help="Rendered HA commands added to the "
                                           "negatives (each in 3 voices).")] = 150,
    seed: Annotated[int, typer.Option(help="Seed of every random choice.")] = 0,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Measure wake-word models on rendered phrases and hours of other speech and noise."""
    from sayso.bench.report import machine_info, write_bench
    from sayso.config import WakeConfig
    from sayso.evaluation.augment.noise import NoiseBank
    from sayso.evaluation.wake import corpus
    from sayso.evaluation.wake.run import false_accepts, idle_cpu_share, markdown, recall
    from sayso.wake import create_wake

    settings = settings_from(config)
    names = [m.strip() for m in models.split(",") if m.strip()]
    threshold = settings.wake.threshold
    engines = {n: create_wake(WakeConfig(model=n, engine=settings.wake.engine)) for n in names}
    voices = corpus.build_voices(settings.tts)
    rng = np.random.default_rng(seed)
    noise = NoiseBank(data / corpus.NOISE_MANIFEST)
    typer.echo(f"rendering {sentences} commands in {len(voices)} voices...", err=True)
    texts = corpus.ha_sentences(data, sentences, rng)
    rendered = [voices[v](t) for t in texts for v in corpus.NEGATIVE_VOICES]
    speech = corpus.recordings(data) + rendered
    stream = corpus.NegativeStream(speech, noise, corpus.impulse_responses(data), rng)
    typer.echo(f"scoring {hours:g} h of non-wake audio...", err=True)
    thresholds = sorted({0.3, threshold, 0.7})
    negatives = false_accepts(engines, stream.blocks(hours * 3600), thresholds)
    idle = np.concatenate(list(corpus.NegativeStream(speech, noise, [], rng).blocks(60)))
    result = {
        "machine": machine_info(), "threshold": threshold, "seed": seed,
        "sources": corpus.describe(data), "negatives": negatives,
        "idle_cpu": idle_cpu_share(engines[names[0]], idle),
        "recall": {n: recall(e, corpus.positives(n, voices, noise, rng), threshold)
                   for n, e in engines.items() if n in corpus.PHRASES},
    }
    typer.echo(write_bench("wake", result, out, [markdown(result)]))


def register(group: typer.Typer) -> None:
    """Add `wake` to the bench group."""
    group.command("wake")(bench_wake)
