"""How the llama.cpp backend cuts the grammar's output into deltas (pure logic, no model)."""

from sayso.dialogue.messages import ToolCall
from sayso.llm.backends.llamacpp import _split_answer_or_call
from sayso.llm.base import LlmDelta

CALL = ' {"tool": "set_temperature", "arguments": {"degrees": 20}}'


def test_a_call_says_its_tool_before_its_arguments_however_the_tokens_fall() -> None:
    for size in (1, 2, 3, 7, len(CALL)):
        pieces = iter([CALL[i:i + size] for i in range(0, len(CALL), size)])
        assert list(_split_answer_or_call(pieces, 64)) == [
            LlmDelta(call_name="set_temperature"),
            LlmDelta(tool_call=ToolCall("set_temperature", {"degrees": 20})),
        ]


def test_an_answer_streams_as_text_and_names_no_tool() -> None:
    pieces = iter([" Say", ": ", "Paris", " is", " nice", "\n"])
    assert [d.text for d in _split_answer_or_call(pieces, 64)] == ["Paris", " is", " nice"]


def test_a_call_cut_before_its_name_ends_is_an_error_without_a_name() -> None:
    deltas = list(_split_answer_or_call(iter([' {"tool": "set_te']), 64))
    assert len(deltas) == 1 and deltas[0].call_name is None and deltas[0].error
