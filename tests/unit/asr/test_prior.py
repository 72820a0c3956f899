"""Whisper tiny.en's own prior of a text (its log-probability over silence), on the real model.

The prior is what the sole ranking takes out (`sole.PRIOR_WEIGHT`): over silence tiny.en writes
"three" rather than "six", which is how FSDD's "six" in noise became "three".
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr

from sayso.asr.base import AsrRequest
from sayso.asr.whisper import prior as prior_module
from sayso.constants import SAMPLE_RATE
from sayso.events.speech import PriorScorer

from .speech_models import SPEECH_DIR, tiny_asr_engine

pytestmark = pytest.mark.slow


def _acoustic(bias: tuple[str, ...] = ()) -> PriorScorer:
    audio, rate = sf.read(SPEECH_DIR / "fsdd" / "2_nicolas_1.wav", dtype="float32")
    request = AsrRequest(language="en", bias_phrases=bias)
    result = tiny_asr_engine().transcribe(soxr.resample(audio, rate, SAMPLE_RATE), request)
    assert isinstance(result.acoustic, PriorScorer)
    return result.acoustic


def test_whispers_prior_favours_three_over_six_and_does_not_depend_on_the_audio() -> None:
    acoustic = _acoustic()
    three, six = acoustic.prior(["three.", "six."])
    assert three > six
    # Another utterance of the same model and start sequence: the same prior (cached).
    silence = np.zeros(SAMPLE_RATE, np.float32)
    other = tiny_asr_engine().transcribe(silence, AsrRequest(language="en")).acoustic
    assert isinstance(other, PriorScorer)
    assert other.prior(["six.", "three."]) == [six, three]


def test_a_bias_prompt_has_its_own_prior(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prior_module, "CACHED_TEXTS", 1)
    plain = _acoustic().prior(["six."])[0]
    biased = _acoustic(("zero", "one", "two", "six")).prior(["six.", "three."])
    assert abs(biased[0] - plain) > 0.5
    # Recomputed alone (the cache holds one text): the same up to the decoder's batch-dependent
    # quantisation of its output projection.
    again = _acoustic(("zero", "one", "two", "six")).prior(["six."])[0]
    assert again == pytest.approx(biased[0], abs=0.2)
