"""Training sequences in exactly the form the llama.cpp backend sees at inference.

With an adapter loaded the backend sends the compact prompt — header, tool list, the request, and
"Output:" — without few-shot examples (the adapter learned the task; the prompt is ~270 tokens
instead of ~760). The answer is what the grammar lets the model write after "Output:": a space,
then the JSON call, or `Say: …` and a newline. Text is tokenised by llama.cpp itself (the GGUF's
own vocabulary) so training and inference agree token for token; the prompt with a BOS, the answer
separately, as generation produces it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections.abc import Sequence
from typing import Any

from sayso.adapt.llm.dataset import Example
from sayso.dialogue.messages import Message
from sayso.llm.base import ToolSpec
from sayso.llm.prompt import SAY_PREFIX, render


@dataclasses.dataclass(frozen=True)
class Encoded:
    """One training sequence."""

    ids: tuple[int, ...]
    """Prompt tokens then answer tokens."""
    n_prompt: int
    """How many leading tokens are prompt (no loss on them)."""


def prompt_for(request: str, specs: Sequence[ToolSpec]) -> str:
    """The prompt the adapted backend renders for a single request."""
    return render([Message("user", request)], specs, ())


def answer_for(output: str) -> str:
    """What the model must generate after "Output:" (the grammar's form)."""
    return " " + output + ("\n" if output.startswith(SAY_PREFIX) else "")


class Tokenizer:
    """The GGUF's tokenizer via llama.cpp (vocabulary only, no weights loaded)."""

    def __init__(self, model_path: str) -> None:
        import llama_cpp  # deferred: native library

        # Its log callback writes context warnings to sys.stderr even with verbose=False.
        with contextlib.redirect_stderr(io.StringIO()):
            self._llama: Any = llama_cpp.Llama(
                model_path=model_path, vocab_only=True, verbose=False)

    def ids(self, text: str, *, bos: bool) -> list[int]:
        """Token ids of `text`."""
        return list(self._llama.tokenize(text.encode("utf-8"), add_bos=bos))

    def close(self) -> None:
        """Free the native vocabulary."""
        self._llama.close()


def encode(examples: Sequence[Example], specs: Sequence[ToolSpec],
           tokenizer: Tokenizer) -> list[Encoded]:
    """Token sequences of `examples`."""
    out = []
    for example in examples:
        prompt = tokenizer.ids(prompt_for(example.request, specs), bos=True)
        answer = tokenizer.ids(answer_for(example.output), bos=False)
        out.append(Encoded(tuple(prompt + answer), len(prompt)))
    return out
