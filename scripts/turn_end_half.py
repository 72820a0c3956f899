"""Write one half (calibrate or report) of an end-of-turn scenario file, as the replay splits it.

For the real-time live run of the half that was never fitted on:

    python scripts/turn_end_half.py report eval-out/turn_end_report.yaml
    sayso eval dialogue eval-out/turn_end_report.yaml --out eval-out/turn-end-live-report
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from sayso.evaluation.dialogue.turn_end import split_of

SOURCE = Path(__file__).parents[1] / "src" / "sayso" / "data" / "scenarios" / "turn_end.yaml"


def main() -> None:
    """Keep the scenarios whose first turn's sentence falls in the half asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("half", choices=("calibrate", "report"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--scenarios", type=Path, default=SOURCE)
    args = parser.parse_args()
    spec = yaml.safe_load(args.scenarios.read_text(encoding="utf-8"))
    spec["scenarios"] = [s for s in spec["scenarios"]
                         if split_of(s["turns"][0].get("say", "")) == args.half]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    print(f"{len(spec['scenarios'])} scenarios -> {args.out}")


if __name__ == "__main__":
    main()
