"""`sayso eval calibrate`: fit the constrained decoder's way out, from rows or by speaking."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sayso.cli.common import ConfigOption, settings_from
from sayso.cli.eval import eval_app
from sayso.errors import BadInput


@eval_app.command("calibrate")
def eval_calibrate(
    rows: Annotated[
        list[Path] | None,
        typer.Option("--rows", help="`sayso eval slu` output folders of the calibration split."),
    ] = None,
    fit: Annotated[
        bool,
        typer.Option(
            "--fit",
            help="Speak sayso's calibration sentences and fit the configured model (no --rows).",
        ),
    ] = False,
    noise: Annotated[
        Path | None,
        typer.Option("--noise", help="With --fit: noise folder (its training half is used)."),
    ] = None,
    work: Annotated[
        Path,
        typer.Option("--work", help="With --fit: folder for the rendered calibration speech."),
    ] = Path("eval-out/calibration"),
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="With --fit: at most N sentences per set (coarse, quick)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Calibration JSON to update (default: in the data directory)."),
    ] = None,
    target: Annotated[
        float | None,
        typer.Option(
            "--target",
            help="Open speech the fit may force on its split (default 0.005; with --fit 0).",
        ),
    ] = None,
    margin: Annotated[
        float | None,
        typer.Option(
            "--margin",
            help="Nats kept below the open speech the fit stops (default 2; 0 for a sole fit).",
        ),
    ] = None,
    report: Annotated[
        list[Path] | None,
        typer.Option("--report", help="`sayso eval slu` output folders to replay the fit on."),
    ] = None,
    curve: Annotated[
        Path | None,
        typer.Option("--curve", help="Folder for the trade-off plot over all --report rows."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Fit the constrained decoder's way out (command or open speech) for the rows' model.

    With --fit, for the configured model (`asr.model`): sayso's calibration commands and open
    sentences are spoken, read with the model as the only domain and among the built-ins, and
    both rules are fitted (~25 min for Whisper base on 2 cores).
    """
    from sayso.evaluation.calibrate import calibrate, replay, write_fitted_curve
    from sayso.understanding.grammar.constrain import CALIBRATION_FILE
    from sayso.understanding.grammar.wayout import TARGET_FORCED, save_wayout

    if fit == bool(rows):
        raise BadInput("give either --rows (fit from evaluation rows) or --fit (speak and fit)")
    settings = settings_from(config)
    path = out or settings.resolved_data_dir() / CALIBRATION_FILE
    if fit:
        from sayso.adapt.asr.fit_model import fit_model

        if noise is not None and not noise.is_dir():
            raise BadInput(f"{noise}: not a folder of noise clips")
        if limit is not None and limit < 2:
            raise BadInput("--limit must be at least 2")
        fits = fit_model(
            settings, work, path, noise=noise, target=target, margin=margin, limit=limit
        )
        for fitted in fits:
            typer.echo(fitted.summary)
        typer.echo(f"written: {path}")
        return
    share = TARGET_FORCED if target is None else target
    identity, rule, summary = calibrate(rows or [], share, margin)
    save_wayout(identity, rule, path)
    typer.echo(f"{summary}\nwritten: {path}")
    for line in replay(rule, report or []):
        typer.echo(line)
    if curve is not None and report:
        for line in write_fitted_curve(rule, report, curve):
            typer.echo(line)
        typer.echo(f"plot: {curve / 'slu_wayout_curve.png'}")
