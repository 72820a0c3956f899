"""`sayso transcribe`, `sayso say`, `sayso features`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sayso.cli.common import ConfigOption, settings_from
from sayso.config import Settings
from sayso.errors import BadInput

if TYPE_CHECKING:
    import numpy as np


class Format(StrEnum):
    """Transcript formats."""

    txt = "txt"
    json = "json"
    srt = "srt"
    vtt = "vtt"
    verbose_json = "verbose_json"


class FeatureKind(StrEnum):
    """Feature kinds."""

    logmel = "logmel"
    mfcc = "mfcc"
    fbank = "fbank"


def transcribe(
    files: Annotated[list[Path] | None, typer.Argument(help="Audio files.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.txt,
    model: Annotated[str | None, typer.Option(help="faster-whisper model name or path.")] = None,
    language: Annotated[str | None, typer.Option(help="Language code.")] = None,
    beam_size: Annotated[int | None, typer.Option(help="Beam width.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", "--out", help="Write FILE.<format> here.")
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(help="Transcribe every audio file under this folder (resumable)."),
    ] = None,
    ray: Annotated[bool, typer.Option("--ray", help="With --batch: run on local Ray.")] = False,
    ray_address: Annotated[
        str | None, typer.Option(help="With --batch: run on this Ray cluster.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Transcribe audio files, or a whole folder with --batch DIR --out DIR."""
    if batch is not None:
        settings = settings_from(
            config, asr={"model": model, "language": language, "beam_size": beam_size}
        )
        _transcribe_batch(batch, out_dir, fmt, settings, ray, ray_address)
        return
    if not files:
        raise BadInput("give audio files, or --batch DIR --out DIR")
    from sayso import registry
    from sayso.asr.base import AsrRequest
    from sayso.asr.formats import render
    from sayso.audio.io import load_audio
    from sayso.errors import printable

    settings = settings_from(
        config, asr={"model": model, "language": language, "beam_size": beam_size}
    )
    # Decode every input first so a bad file fails before the model loads.
    audios = [(path, load_audio(path, max_seconds=settings.audio.max_seconds)) for path in files]
    engine = registry.create("asr", settings.asr.engine, settings.asr)
    engine.load()
    for path, samples in audios:
        text = render(engine.transcribe(samples, AsrRequest()), fmt.value)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            suffix = "json" if fmt is Format.verbose_json else fmt.value
            (out_dir / f"{path.stem}.{suffix}").write_text(text, encoding="utf-8")
        else:
            if len(files) > 1:
                typer.echo(f"== {printable(str(path))}")
            typer.echo(text, nl=False)


def _transcribe_batch(
    batch: Path,
    out_dir: Path | None,
    fmt: Format,
    settings: Settings,
    ray: bool,
    ray_address: str | None,
) -> None:
    from sayso.evaluation.batch import BatchJob, run_batch

    if out_dir is None:
        raise BadInput("--batch needs --out DIR")
    job = BatchJob(batch, out_dir, fmt.value, settings)
    stats = run_batch(job, ray=ray, ray_address=ray_address)
    for failure in stats.failed:
        typer.echo(f"skipped {failure}", err=True)
    typer.echo(
        f"{stats.done} transcribed, {stats.skipped} already done, {len(stats.failed)} failed"
    )


def say(
    text: Annotated[str, typer.Argument(help="Text to speak.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="WAV file to write.")],
    voice: Annotated[str | None, typer.Option(help="Piper voice .onnx path.")] = None,
    engine: Annotated[str | None, typer.Option(help="TTS engine (piper, espeak).")] = None,
    speed: Annotated[float | None, typer.Option(help="Speaking rate (1.0 normal).")] = None,
    config: ConfigOption = None,
) -> None:
    """Speak text into a WAV file (written piece by piece as it is synthesised)."""
    from sayso import registry
    from sayso.errors import printable
    from sayso.tts.sentences import clean_text

    text = clean_text(text)
    if not text.strip():
        raise BadInput("nothing to say: the text is empty", code="text_empty")
    settings = settings_from(config, tts={"voice": voice, "engine": engine, "speed": speed})
    tts = registry.create("tts", settings.tts.engine, settings.tts)
    tts.load()
    rate = tts.capabilities.sample_rate
    frames = _write_speech(output, tts.synthesize(text, settings.tts.speed), rate)
    typer.echo(f"{printable(str(output))}: {frames / rate:.2f} s")


def _write_speech(output: Path, chunks: Iterator[np.ndarray], rate: int) -> int:
    """Write chunks to a 16-bit WAV as they come; return the frame count. No partial file stays."""
    import numpy as np
    import soundfile as sf

    try:
        out = sf.SoundFile(output, "w", rate, 1, "PCM_16", format="WAV")
    except (sf.LibsndfileError, OSError) as exc:
        why = exc.error_string if isinstance(exc, sf.LibsndfileError) else exc.strerror
        raise BadInput(f"cannot write {output}: {why}", code="output_unwritable") from None
    frames = 0
    try:
        with out:
            for chunk in chunks:
                out.write(np.clip(chunk, -1.0, 1.0))
                frames += len(chunk)
    except BaseException:
        with contextlib.suppress(OSError):
            output.unlink()
        raise
    return frames


def features(
    audio: Annotated[Path, typer.Argument(help="Audio file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output .npy file.")],
    kind: Annotated[FeatureKind, typer.Option(help="Feature kind.")] = FeatureKind.logmel,
) -> None:
    """Extract features (25 ms window, 10 ms hop) into a (frames x dims) .npy array."""
    import numpy as np

    from sayso.audio.features import compute_features
    from sayso.audio.io import load_audio
    from sayso.errors import printable

    feats = compute_features(load_audio(audio), kind.value)
    np.save(output, feats)
    shape = f"{feats.shape[0]} frames x {feats.shape[1]} {kind.value}"
    typer.echo(f"{printable(str(output))}: {shape}")


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(transcribe)
    app.command()(say)
    app.command()(features)
