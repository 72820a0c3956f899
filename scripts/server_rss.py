"""Resident memory of one server's engines: loaded without the LLM, then with it (issue 15).

    python scripts/server_rss.py

Loads the default `Assistant` (Silero, Whisper, the grammar, Piper) in this process, prints
VmRSS, then loads the default LLM and prints it again, as JSON. Per-session memory is measured
by `sayso bench live --sessions 1,8` (the `rss` block of its report).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sayso.app.assistant import Assistant
from sayso.bench.tts_load import rss_mib
from sayso.config import Settings


def main() -> None:
    """Print RSS in MiB after each load step."""
    with tempfile.TemporaryDirectory(prefix="sayso-rss-") as tmp:
        out: dict[str, float | str | None] = {"start_mib": rss_mib()}
        assistant = Assistant(Settings(data_dir=tmp)).load(llm=False)
        out["engines_without_llm_mib"] = rss_mib()
        brain = assistant.load_llm()
        out["with_llm_mib"] = rss_mib()
        out["llm"] = "none installed" if brain is None else type(assistant.llm).__name__
        assistant.close()
    print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in out.items()}))


if __name__ == "__main__":
    main()
