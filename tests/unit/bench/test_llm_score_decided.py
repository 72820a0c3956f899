"""The decided call of a benchmark row: a question's state change scores as its get_state."""

from sayso.bench.llm_score import decided, summarize


def test_a_call_the_brain_answered_with_get_state_scores_as_get_state() -> None:
    row = {"text": "is the garage door open", "expected": "get_state", "tool": "turn_on",
           "arguments": {"device": "garage door"}, "repaired": {"device": "garage door"},
           "decided_tool": "get_state", "outcome": "run"}
    assert decided(row) == ("get_state", {"device": "garage door"})
    assert summarize([row], [{"device": "garage door"}])["decided_tool_choice_accuracy"] == 1.0


def test_rows_without_a_decided_tool_keep_the_models_tool() -> None:
    """Reports stored before the field existed rescore as before."""
    row = {"tool": "turn_on", "arguments": {"device": "tv"}, "outcome": "run"}
    assert decided(row) == ("turn_on", {"device": "tv"})
    assert decided({**row, "outcome": "refuse", "decided_tool": "get_state"}) == (None, None)
