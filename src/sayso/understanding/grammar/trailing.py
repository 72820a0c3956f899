"""Words heard after a grammar sentence ends: what a constrained reading leaves unexplained.

Whisper finds ending early cheap, and cheaper still after a pause: for "add milk to my shopping
list … and eggs" the constrained search's "Add milk to my shopping list." scored within the way
out's allowance of the free transcript "add milk to my shopping list and eggs", so the turn was
read as a command that drops the eggs (issue 12). The way out's token shortfall did not see it:
a full stop the free transcript lacks counts as a token, and two missing words cost less than the
allowance for a sound-alike. What is structural is that the sentence explains a *prefix* of the
words heard: aligned word by word with the free transcript, every heard word after the
sentence's last one is left over. A sound-alike reading ("and milk" for "add milk") is a
substitution inside the alignment and leaves nothing over.
"""

from __future__ import annotations

from sayso.understanding.grammar.rescore import comparable


def words_of(text: str) -> list[str]:
    """The compared words of a text (lower case, digits as words, no punctuation)."""
    return comparable(text).lower().rstrip(".").split()


def unexplained_tail(sentence: str, heard: str) -> int:
    """Heard words after the last one the sentence accounts for (0: the sentence reaches the end).

    A word-level edit alignment of `sentence` against `heard` (substitutions, insertions and
    deletions cost 1, a match 0); the count is the run of heard words the cheapest alignment
    leaves unpaired at its end. Ties go to pairing (a substitution at the end is no tail), so
    a misheard last word is never counted as words left over. Nor is a decoder loop: words that
    only say the sentence again ("turn on the kitchen light turn on the kitchen light turn on
    the kitchen", Whisper repeating itself) are no more speech than the sentence explains.
    """
    said, got = words_of(sentence), words_of(heard)
    if not said:
        return len(got)
    cost = _edit_table(said, got)
    i, j, tail = len(said), len(got), 0
    # Walk back from the end while the cheapest way to get here skips a heard word.
    while j > 0:
        paired = cost[i - 1][j - 1] + (said[i - 1] != got[j - 1])
        if cost[i][j] == paired:
            break
        if cost[i][j] == cost[i][j - 1] + 1:
            j, tail = j - 1, tail + 1
            continue
        break  # the sentence's last word is unpaired itself: nothing heard is left over
    return 0 if tail and _repeats(got[len(got) - tail :], said) else tail


def _repeats(words: list[str], sentence: list[str]) -> bool:
    """Whether `words` run through `sentence` over and over from some word of it (a loop)."""
    n = len(sentence)
    return any(
        all(word == sentence[(start + k) % n] for k, word in enumerate(words))
        for start in range(n)
    )


def _edit_table(said: list[str], got: list[str]) -> list[list[int]]:
    rows, cols = len(said) + 1, len(got) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost[i][j] = min(
                cost[i - 1][j - 1] + (said[i - 1] != got[j - 1]),
                cost[i - 1][j] + 1,
                cost[i][j - 1] + 1,
            )
    return cost
