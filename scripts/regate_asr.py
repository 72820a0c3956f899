"""Replay the recogniser gate's current rules on a finished `sayso adapt asr` folder.

The gate's rows (`gate/base_rows.json`, `gate/adapted_rows.json`) and metrics (`report.json`)
are kept in the output folder, so a change of rules can be judged on past runs without
measuring again. Prints the checks; writes nothing.

    python scripts/regate_asr.py OUT_DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sayso.adapt import gate
from sayso.adapt.asr import report
from sayso.adapt.asr.evaluate import paired


def main() -> None:
    """Print the checks of the current rules on OUT_DIR's saved rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a `sayso adapt asr --out` folder")
    args = parser.parse_args()
    saved = json.loads((args.out / "report.json").read_text(encoding="utf-8"))
    sides = {}
    for name in ("base", "adapted"):
        rows = json.loads((args.out / "gate" / f"{name}_rows.json").read_text(encoding="utf-8"))
        sides[name] = {"metrics": dict(saved[name]), "rows": rows}
    noisy = any(k.startswith("acceptance_noise-") for k in saved["base"])
    pair = paired(sides["base"], sides["adapted"], noisy=noisy)
    sides["adapted"]["metrics"] |= pair
    real = "real_acceptance" in saved["base"]
    result = gate.compare(sides["base"]["metrics"], sides["adapted"]["metrics"],
                          report.rules(real, noisy))
    print(gate.markdown(result))
    print("\nrows " + ", ".join(f"{k} {v:g}" for k, v in pair.items()))
    print(f"(saved verdict: {'deployable' if saved['deployable'] else 'NOT deployable'})")


if __name__ == "__main__":
    main()
