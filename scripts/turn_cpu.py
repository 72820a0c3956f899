"""CPU time of a speculative turn's two halves: recognition vs preparing the reply (issue 15).

For a few spoken commands (rendered with the configured Piper voice), runs the live session's
recognition job (ASR + understanding + pitch cue: `SpeechJobs.hearing`) and the reply preparation
(plan the action without changing anything + synthesise the first sentence:
`ReplyPreparer.prepare`, with the reply cache emptied first) and prints the process CPU time of
each, so the ratio holds on a loaded machine where wall-clock time does not. The recognition
job includes the end-of-turn cues; their own share (Whisper's sentence end, the grammar's
could-continue, pitch and lengthening) is printed too.

    python scripts/turn_cpu.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import numpy as np

from sayso.app.assistant import Assistant
from sayso.config import Settings
from sayso.evaluation.dialogue.voices import UserVoices
from sayso.events.speech import SentenceEndScorer
from sayso.session.prosody import final_prosody
from sayso.session.recognition import Heard, session_jobs

COMMANDS = ("Turn on the kitchen light.", "Set a timer for five minutes.",
            "Turn off the bedroom light.", "What time is it?", "Open the living room curtains.")
LEAD_S = 0.3


def cpu_ms(job: object) -> float:
    """Process CPU time of one call, ms (every thread of the process counts)."""
    start = time.process_time()
    job()  # type: ignore[operator]
    return (time.process_time() - start) * 1000


def main() -> None:
    """Measure and print the two CPU times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Repetitions of each command.")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="sayso-turn-cpu-") as tmp:
        settings = Settings(data_dir=tmp)
        assistant = Assistant(settings).load(llm=False)
        voice = UserVoices(settings, "piper")
        assert assistant.asr is not None
        jobs = session_jobs(assistant)
        preparer = assistant.reply_preparer("cpu")
        lead = np.zeros(round(LEAD_S * 16000), np.float32)
        hear, prepare, cues = [], [], []
        for text in COMMANDS:
            audio = np.concatenate([lead, voice(text), lead])
            # The lead stands for the live segment's pre-roll (`AsrRequest.lead_in_s`).
            jobs.hearing(audio, lead_in_s=LEAD_S)()  # warm-up: first-call allocations
            for _ in range(runs):
                heard = jobs.hearing(audio, lead_in_s=LEAD_S)()
                hear.append(cpu_ms(jobs.hearing(audio, lead_in_s=LEAD_S)))
                cues.append(cpu_ms(lambda h=heard, a=audio: cue_work(assistant, h, a)))
                assistant.reply_audio.clear()  # synthesise for real every time
                prepare.append(cpu_ms(lambda h=heard: preparer.prepare(h.understood)))
        assistant.close()
    h, p, c = statistics.median(hear), statistics.median(prepare), statistics.median(cues)
    print(f"recognition job CPU p50 {h:.0f} ms, reply preparation CPU p50 {p:.0f} ms "
          f"(ratio {p / h:.2f}) over {len(hear)} turns; of the recognition job, the "
          f"end-of-turn cues {c:.0f} ms ({100 * c / h:.0f} %)")


def cue_work(assistant: Assistant, heard: Heard, audio: np.ndarray) -> None:
    """The end-of-turn cues of a recognition job, alone (`SpeechJobs.hearing`)."""
    acoustic = heard.transcript.acoustic
    if isinstance(acoustic, SentenceEndScorer):
        acoustic.sentence_end(heard.transcript.text)
    assistant.understander.continues(heard.understood)
    final_prosody(audio)


if __name__ == "__main__":
    main()
