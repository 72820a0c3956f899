"""Whisper's own end-of-sentence evidence (`asr/whisper/ending.py`) on real recordings."""

from __future__ import annotations

from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.events.speech import SentenceEndScorer

from .speech_models import Clip


def test_the_sentence_ends_after_its_last_word_not_in_the_middle(
    tiny_asr: FasterWhisperAsr, clips: tuple[Clip, ...]
) -> None:
    """On each committed Cathy clip, the whole transcript ends a sentence far more likely
    than the transcript cut after a word that needs more ("He obeyed the pressure of")."""
    for clip in clips:
        result = tiny_asr.transcribe(clip.audio)
        scorer = result.acoustic
        assert isinstance(scorer, SentenceEndScorer)
        whole = scorer.sentence_end(result.text)
        words = result.text.split()
        cut = scorer.sentence_end(" ".join(words[: len(words) // 2]))
        assert whole is not None and cut is not None
        assert whole.ends > 0.5, clip.id
        assert cut.ends < whole.ends / 5, clip.id
        assert 0.0 <= whole.pauses <= 1.0 - whole.ends + 1e-6


def test_nothing_heard_has_no_end_probability(
    tiny_asr: FasterWhisperAsr, clips: tuple[Clip, ...]
) -> None:
    scorer = tiny_asr.transcribe(clips[0].audio).acoustic
    assert isinstance(scorer, SentenceEndScorer)
    assert scorer.sentence_end("") is None
    assert scorer.sentence_end(" ... ") is None
