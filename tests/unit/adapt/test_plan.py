"""Input checks of `sayso adapt asr` that run before any work: one line, nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from sayso.adapt.asr import plan
from sayso.config import Settings
from sayso.errors import BadInput


def test_too_little_disk_is_refused_and_leaves_no_work_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(BadInput, match="GB") as caught:
        plan.check_output(out, resume=False, clips=10**9)  # ~1.3 PB of encoder outputs
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_existing_output_and_unfinished_run_are_refused(tmp_path: Path) -> None:
    (tmp_path / "done").mkdir()
    with pytest.raises(BadInput, match="already exists"):
        plan.check_output(tmp_path / "done", resume=False, clips=1)
    work = plan.check_output(tmp_path / "new", resume=False, clips=1)
    assert work == tmp_path / "new.partial" and work.is_dir()
    with pytest.raises(BadInput, match="--resume"):
        plan.check_output(tmp_path / "new", resume=False, clips=1)
    assert plan.check_output(tmp_path / "new", resume=True, clips=1) == work


def test_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="--intents"):
        plan.domain_settings(Settings(), tmp_path / "nope.yaml", None)
    with pytest.raises(BadInput, match="--manifest"):
        plan.split_real(tmp_path / "nope.jsonl")
    with pytest.raises(BadInput, match="--open-speech"):
        plan.read_open(tmp_path / "nope.jsonl")


def test_a_custom_file_alone_is_a_single_domain_and_a_home_keeps_the_builtins(
    tmp_path: Path,
) -> None:
    intents = tmp_path / "d.yaml"
    intents.write_text("language: en\nintents: {}\n")
    home = tmp_path / "home.yaml"
    home.write_text("{}\n")
    alone = plan.domain_settings(Settings(), intents, None)
    assert alone.intents.builtin is False and alone.intents.custom == (str(intents),)
    with_home = plan.domain_settings(Settings(), intents, home)
    assert with_home.intents.builtin is True and with_home.home.home_file == str(home)


def test_a_home_assistant_fixture_home_is_adapted_to_as_a_sayso_home(tmp_path: Path) -> None:
    from sayso.actions.home import load_home

    fixture = tmp_path / "fixture.yaml"
    fixture.write_text(
        "language: en\nareas:\n  - {id: kitchen, name: Kitchen}\n"
        "entities:\n  - {id: light.kitchen, name: Kitchen Light, area: kitchen, state: 'on'}\n"
    )
    settings = plan.domain_settings(Settings(), None, fixture)
    assert settings.home.home_file != str(fixture)  # converted, the user's file untouched
    home = load_home(settings.home.home_file)
    assert [d.name for d in home.devices] == ["Kitchen Light"]
    assert plan.domain_settings(Settings(), None, fixture).home.home_file == settings.home.home_file
    broken = tmp_path / "broken.yaml"
    broken.write_text("areas: [\n")
    with pytest.raises(BadInput, match="--home"):
        plan.domain_settings(Settings(), None, broken)
