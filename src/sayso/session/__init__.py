"""Full-duplex live sessions: streaming turn taking, speculative ASR, barge-in, echo gating."""

from sayso.config import DEFAULT_BACKCHANNELS, SessionConfig
from sayso.session.session import Session
from sayso.session.speculative import SpeculationStats
from sayso.session.timeline import TurnTimeline

__all__ = ["DEFAULT_BACKCHANNELS", "Session", "SessionConfig", "SpeculationStats", "TurnTimeline"]
