"""`sayso bench echo`: echo cancellation on a simulated loudspeaker (ERLE, barge-ins)."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from


def bench_echo(
    data: Annotated[Path, typer.Option(help="The shared data folder (noise/ holds the RIRs).",
                                       exists=True, file_okay=False)],
    replies: Annotated[int, typer.Option(min=1, help="Replies per condition that must not be "
                                         "interrupted (false barge-ins).")] = 50,
    barge_ins: Annotated[int, typer.Option(min=0, help="User barge-ins per condition.")] = 20,
    barge_after: Annotated[float, typer.Option(
        min=0.0, max=20.0, help="Seconds of reply before the user talks over it.")] = 1.0,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Echo of sayso's own voice through room impulse responses, with and without cancellation."""
    from sayso.app.assistant import Assistant
    from sayso.bench.report import machine_info, write_bench
    from sayso.data import scenarios
    from sayso.evaluation import echo
    from sayso.evaluation.wake.corpus import build_voices, impulse_responses

    story = str(Path(scenarios.__file__).parent / "story_intents.yaml")
    rirs = impulse_responses(data)
    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = settings_from(config)
        intents = dataclasses.replace(settings.intents, custom=(*settings.intents.custom, story))
        settings = dataclasses.replace(settings, data_dir=tmp, intents=intents)
        assistant = Assistant(settings).load(llm=False)
        try:
            voices = build_voices(settings.tts)
            sayso_voice, user_voice = voices["piper:1"], voices["espeak:en-us:175"]
            clips = [sayso_voice(t) for t in echo.REPLY_SENTENCES]
            user = np.concatenate([np.zeros(1600, np.float32), user_voice(echo.BARGE_TEXT)])
            gains = [echo.echo_gain(echo.rms(np.concatenate(clips)), echo.rms(user), level)
                     for level in echo.LEVELS_DB]
            result = {"machine": machine_info(), "levels_db": list(echo.LEVELS_DB),
                      "barge_after_s": barge_after,
                      "erle": echo.erle(clips, rirs)}
            base = settings.live_session()
            for name, on in (("without_cancellation", False), ("with_cancellation", True)):
                typer.echo(f"live trials {name}...", err=True)
                live = dataclasses.replace(base, echo_cancellation=on)
                result[name] = asyncio.run(echo.live_trials(
                    assistant, live, rirs, gains, user, replies, barge_ins, barge_after))
        finally:
            assistant.close()
    typer.echo(write_bench("echo", result, out, [echo.markdown(result)]))
    # After ~100 sessions with the WebRTC processor, the interpreter's final teardown sometimes
    # aborts inside native code ("terminate called without an active exception"; not reproduced
    # in smaller runs). Everything is written and closed here: leave without that teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def register(group: typer.Typer) -> None:
    """Add `echo` to the bench group."""
    group.command("echo")(bench_echo)
