"""What a speaker answers without a home or a network: sums, a coin, a die, a number.

"What's 5 plus 7", "what is 15 percent of 80", "flip a coin", "roll a die": without an LLM these
were "Sorry, I didn't understand that."; the embedded gemma-3-270m gets sums wrong (jokes are
`actions/jokes.py`'s). The grammar
takes the two numbers as words (wildcards, `data/intents/en/pastimes.yaml`), read here with
text2num ("twelve" → 12, "3.5"); what is not a number fails with one clear sentence. Nothing is
stored: these are read-only intents (`dialogue/fragments.READ_ONLY_INTENTS`). The actions speak
English; German, French and Spanish say `data` through their templates ("5 plus 7 ist 12.").
"""

from __future__ import annotations

import math
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
PICK: Final = "SaysoPickNumber"

OPERATIONS: Final[dict[str, tuple[str, Callable[[float, float], float]]]] = {
    "add": ("plus", operator.add),
    "subtract": ("minus", operator.sub),
    "multiply": ("times", operator.mul),
    "divide": ("divided by", operator.truediv),
    "percent": ("percent of", lambda a, b: a * b / 100),
    "power": ("to the power of", operator.pow),
}
"""Slot `op` → how it is said back and what it computes."""
UNARY: Final[dict[str, tuple[str, Callable[[float], float]]]] = {
    "square_root": ("The square root of {a}", math.sqrt),
    "square": ("{a} squared", lambda a: a * a),
    "cube": ("{a} cubed", lambda a: a * a * a),
}
"""Slot `op` of a sum of one number (slot `a`) → how it is said back and what it computes."""
MAX_RESULT: Final = 1e15
"""Results beyond this are not said ("9 to the power of 99"): too long to speak."""
DIE_SIDES: Final = 6
TIP: Final = "tip"
"""Slot `op` of a tip: `a` percent of the bill `b`, said with the bill it makes."""
_MONEY: Final = re.compile(r"[$€£]|\b(?:dollars?|bucks|euros?|pounds?|quid)\b", re.IGNORECASE)
"""Currency around a bill's amount ("$60", "60 dollars"): the sum is of the number."""



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


def reads_numbers(intent: IntentRecognized) -> bool:
    """False for a sum or a pick whose operands are not numbers.

    "What is the capital of France plus …" is not a sum: it goes on as not understood (to the
    brain).
    """
    op = str(intent.slot("op"))
    try:
        _number(intent.slot("a"), intent.language)
        if op == TIP:
            _number(_MONEY.sub(" ", str(intent.slot("b") or "")), intent.language)
        elif op not in UNARY:
            _number(intent.slot("b"), intent.language)
    except ActionFailed:
        return False
    return True


def spoken_number(value: float) -> str:
    """A result as it is said: whole numbers without ".0", others to at most 4 decimals."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def calculate(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoCalculate: slots `a`, `b` (numbers as said) and `op` (`OPERATIONS`, `UNARY`, tip)."""
    op = str(intent.slot("op"))
    a = _number(intent.slot("a"), intent.language)
    if op in UNARY:
        return _unary(op, a)
    if op == TIP:
        return _tip(a, _number(_MONEY.sub(" ", str(intent.slot("b") or "")), intent.language))
    said, compute = OPERATIONS[op]
    b = _number(intent.slot("b"), intent.language)
    if said == "divided by" and b == 0:
        raise ActionFailed("invalid_value", "You can't divide by zero.", "divide_by_zero")
    result = _said_result(compute, a, b)
    speech = f"{spoken_number(a)} {said} {spoken_number(b)} is {result}."
    data = {"a": spoken_number(a), "b": spoken_number(b), "op": op, "result": result}
    return Outcome(speech, data=data)


def _tip(percent: float, bill: float) -> Outcome:
    """The tip and the bill with it: "A 15 percent tip on 60 is 9, 69 in all."."""
    tip = round(percent * bill / 100, 2)
    said_tip = _cents(_said_result(lambda t: t, tip))
    total = _cents(_said_result(lambda t, b: round(b + t, 2), tip, bill))  # the tip as said
    rate, amount = spoken_number(percent), _cents(spoken_number(bill))
    eighteen = rate.split(".")[0] in ("11", "18")
    article = "An" if rate.startswith("8") or eighteen else "A"  # "an 18 percent"
    said = f"{article} {rate} percent tip on {amount} is {said_tip}"
    data = {"a": rate, "b": amount, "op": TIP, "result": said_tip}
    return Outcome(f"{said}, {total} in all.", data=data | {"total": total})


def _cents(said: str) -> str:
    """An amount of money with its cents in two digits ("9.1" → "9.10"); whole ones as they are."""
    whole, dot, cents = said.partition(".")
    return f"{whole}.{cents:0<2}" if dot else said


def _unary(op: str, a: float) -> Outcome:
    said, compute = UNARY[op]
    if op == "square_root" and a < 0:
        raise ActionFailed(
            "invalid_value", "Negative numbers have no real square root.", "negative_root"
        )
    result = _said_result(compute, a)
    speech = f"{said.format(a=spoken_number(a))} is {result}."
    return Outcome(speech, data={"a": spoken_number(a), "op": op, "result": result})


def _said_result(compute: Callable[..., float], *numbers: float) -> str:
    try:
        value = compute(*numbers)
    except (OverflowError, ZeroDivisionError):
        value = math.inf
    if isinstance(value, complex) or not abs(value) < MAX_RESULT:
        raise ActionFailed("invalid_value", "That number is too large to say.", "too_large")
    return spoken_number(value)


def flip_coin(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoFlipCoin: heads or tails."""
    side = random.choice(("heads", "tails"))
    return Outcome(f"It's {side}.", data={"side": side})


def roll_die(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoRollDie: 1 to 6."""
    rolled = random.randint(1, DIE_SIDES)
    return Outcome(f"You rolled a {rolled}.", data={"rolled": rolled})


def pick_number(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoPickNumber ("pick a number between 1 and 10"): a whole number in the range.

    Both ends are included, in whichever order they were said.
    """
    ends = sorted(
        round(_number(intent.slot(end), intent.language)) for end in ("a", "b")
    )
    picked = random.randint(ends[0], ends[1])
    return Outcome(f"It's {picked}.", data={"picked": picked, "low": ends[0], "high": ends[1]})


HANDLERS: Final[dict[str, HandlerFn]] = {
    CALCULATE: calculate, COIN: flip_coin, DIE: roll_die, PICK: pick_number
}
"""Intent name → handler for this module."""
