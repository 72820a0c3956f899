"""What the brain would *do* with each benchmark call: the grounding's verdict, then the tool run.

The tool-choice numbers score the model's raw call; these score what reaches the world after the
brain's checks (`sayso.llm.tools.grounding`): a state change on an open question or chit-chat
(goal 0), and a call that ran although an argument did not resolve (an unknown device, a
contact not in the address book: goal 0). Calls run for real, in the benchmark's throw-away
state directory.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from sayso.dialogue.messages import ToolCall
from sayso.llm.normalize import digits
from sayso.llm.tools.grounding import READ_ONLY_TOOLS, Request, Verdict


@dataclasses.dataclass
class Safety:
    """Counts over one benchmark run."""

    open_requests: int = 0
    """Requests labelled with no tool (open questions, chit-chat, near-misses)."""
    open_state_changes: int = 0
    """Of those, calls that would change the world (run at once, or held for a yes)."""
    open_questions_asked: int = 0
    """Of those, calls turned into a clarifying question ("Do you mean …?")."""
    ran: int = 0
    """Calls the brain would run at once."""
    ran_unresolved: int = 0
    """Of those, runs that failed because an argument did not resolve."""
    refused: int = 0
    """Calls the grounding refused (said, not done)."""
    acted: ToolCall | None = None
    """The last observed call with its arguments repaired (`tools.repair`), whatever the
    verdict: what the argument accuracy after repair is scored on."""

    def observe(self, brain: Any, item: dict[str, Any], call: ToolCall) -> str:
        """Ground `call` as the brain would, run it when the brain would; the outcome's name.

        The outcome is "refuse", "ask", "run" or "run-unresolved" (for the per-request rows).
        """
        arguments = brain.tools.check(call)
        call = ToolCall(call.name, arguments)
        grounding = brain.ground(call, Request(digits(item["text"]))) if brain.ground else None
        verdict = grounding.verdict if grounding is not None else Verdict.RUN
        if grounding is not None and verdict is Verdict.RUN and grounding.call is not None:
            call = grounding.call  # arguments read off the request, as the brain runs it
        repair = getattr(brain.ground, "repair", None)
        self.acted = repair(call, digits(item["text"])) if repair is not None else call
        changes = call.name not in READ_ONLY_TOOLS
        if not item.get("tool"):
            self.open_state_changes += changes and verdict is not Verdict.REFUSE
            self.open_questions_asked += verdict is Verdict.ASK
        if verdict is Verdict.REFUSE:
            self.refused += 1
        elif verdict is Verdict.RUN:
            self.ran += 1
            if not _succeeded(brain, call):
                self.ran_unresolved += 1
                return "run-unresolved"
        return verdict.value

    def report(self) -> dict[str, int]:
        """The counts, named for the benchmark's JSON."""
        return {
            "open_requests": self.open_requests,
            "open_state_changes": self.open_state_changes,
            "open_clarifying_questions": self.open_questions_asked,
            "calls_run": self.ran, "calls_run_unresolved": self.ran_unresolved,
            "calls_refused": self.refused,
        }


def _succeeded(brain: Any, call: ToolCall) -> bool:
    tool = brain.tools.get(call.name)
    result = asyncio.run(tool.run(call.arguments))
    data = getattr(result, "data", None) or {}
    return bool(data.get("success", True))
