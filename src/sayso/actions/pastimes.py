"""What a speaker answers without a home or a network: sums, a coin, a die.

"What's 5 plus 7", "what is 15 percent of 80", "flip a coin", "roll a die": without an LLM these
were "Sorry, I didn't understand that."; the embedded gemma-3-270m gets sums wrong. Jokes are
left to the brain: a user's own LLM tells better ones than a list would. The grammar
takes the two numbers as words (wildcards, `data/intents/en/pastimes.yaml`), read here with
text2num ("twelve" → 12, "3.5"); what is not a number fails with one clear sentence. Nothing is
stored: these are read-only intents (`dialogue/fragments.READ_ONLY_INTENTS`). The actions speak
English; German, French and Spanish say `data` through their templates ("5 plus 7 ist 12.").
"""

from __future__ import annotations

import operator
import random
import re
from collections.abc import Callable
from typing import Final

from sayso import languages
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.events.understanding import IntentRecognized

CALCULATE: Final = "SaysoCalculate"
COIN: Final = "SaysoFlipCoin"
DIE: Final = "SaysoRollDie"

OPERATIONS: Final[dict[str, tuple[str, Callable[[float, float], float]]]] = {
    "add": ("plus", operator.add),
    "subtract": ("minus", operator.sub),
    "multiply": ("times", operator.mul),
    "divide": ("divided by", operator.truediv),
    "percent": ("percent of", lambda a, b: a * b / 100),
}
"""Slot `op` → how it is said back and what it computes."""
DIE_SIDES: Final = 6



_NEGATIVE: Final = re.compile(r"^(?:minus|negative|moins|menos) ")
_ARTICLE: Final = re.compile(r"^(?:an?|ein|eine|un|une|uno|una) ")


def _number(said: object, language: str = "en") -> float:
    """A number said as digits or words ("12", "twelve", "3.5", "minus four", "zwölf", "2,5")."""
    from text_to_num import alpha2digit  # deferred: only a sum needs it

    lang = languages.base(language)
    text = str(said or "").strip().lower()
    # A comma groups thousands in English ("1,000") and is the decimal point elsewhere ("2,5").
    text = text.replace(",", "") if lang == "en" else text.replace(".", "").replace(",", ".")
    text = _ARTICLE.sub("", _NEGATIVE.sub("-", text))  # "a hundred", "minus four"
    if lang in ("en", "de", "fr", "es"):
        text = alpha2digit(text, lang, threshold=0)
    text = text.replace(" ", "")
    try:
        return float(text)
    except ValueError:
        raise ActionFailed(
            "invalid_value", f"Sorry, {said} is not a number I can use.", "not_a_number"
        ) from None


def is_sum(intent: IntentRecognized) -> bool:
    """False for a SaysoCalculate whose operands are not numbers.

    "What is the capital of France plus …" is not a sum: it goes on as not understood (to the
    brain).
    """
    if intent.intent != CALCULATE:
        return True
    try:
        _number(intent.slot("a"), intent.language), _number(intent.slot("b"), intent.language)
    except ActionFailed:
        return False
    return True


def spoken_number(value: float) -> str:
    """A result as it is said: whole numbers without ".0", others to at most 4 decimals."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def calculate(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoCalculate: slots `a`, `b` (numbers as said) and `op` (`OPERATIONS`)."""
    op = str(intent.slot("op"))
    said, compute = OPERATIONS[op]
    a, b = _number(intent.slot("a"), intent.language), _number(intent.slot("b"), intent.language)
    if said == "divided by" and b == 0:
        raise ActionFailed("invalid_value", "You can't divide by zero.", "divide_by_zero")
    result = spoken_number(compute(a, b))
    speech = f"{spoken_number(a)} {said} {spoken_number(b)} is {result}."
    data = {"a": spoken_number(a), "b": spoken_number(b), "op": op, "result": result}
    return Outcome(speech, data=data)


def flip_coin(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoFlipCoin: heads or tails."""
    side = random.choice(("heads", "tails"))
    return Outcome(f"It's {side}.", data={"side": side})


def roll_die(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoRollDie: 1 to 6."""
    rolled = random.randint(1, DIE_SIDES)
    return Outcome(f"You rolled a {rolled}.", data={"rolled": rolled})


HANDLERS: Final[dict[str, HandlerFn]] = {CALCULATE: calculate, COIN: flip_coin, DIE: roll_die}
"""Intent name → handler for this module."""
