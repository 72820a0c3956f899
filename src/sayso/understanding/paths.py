"""The understanding step's path settings: which older paths run, and when each reading counts.

Kept apart from `understand.py`, which imports them (tests and scripts patch them there).
"""

from __future__ import annotations

OPEN_ENDED_MIN_LIKELIHOOD = 0.5
"""A lower N-best entry read through a wildcard needs at least this likelihood relative to the
best: a wildcard accepts any words, so an unlikely hypothesis proves nothing about the command."""

LEGACY_PATHS = ("rescored", "nbest", "corrected")
"""The paths that read the free transcript after the fact (kept where they add acceptance)."""
SOLE_PATHS = LEGACY_PATHS
"""The older paths kept behind the sole constrained reading: measured, they still add 1.6 points
on pizza as the only domain (6-24 dB) and force no open speech there (BENCHMARKS.md)."""
TAIL_PATHS: frozenset[str] = frozenset(LEGACY_PATHS)
"""Older paths whose reading is dropped when it stops before the words heard end: "add milk to
my shopping list" read from "and milk to my shopping list and eggs" is a command that leaves
the eggs out, not a correction (`trailing.unexplained_tail`; the constrained path's way out
charges the same words, `WayOut.per_tail`)."""
EXTEND_EXACT = False
"""Check an exact parse the grammar could continue ("set a timer for 5 minutes", "turn off the
lights") against the constrained search: Whisper's free decode ends at a pause and leaves the
rest unread ("… and 30 seconds" after it), while the search ranks by mean log-probability per
token, so a longer sentence whose added words the audio supports wins
(`ConstrainedPaths.extended`).

Off by default (round 6): one constrained search, 178 ms CPU p50, on every parsed command that
could continue; it extended nothing on HA's test sentences or pizza among the built-ins, and
read 4 more of 96 held-out utterances with a 1.5-3 s pause inside, which live ends the turn
anyway (BENCHMARKS.md, "Trailing words in the constrained reading")."""
NARROW_WILDCARDS = True
"""Check an exact parse that fills a wildcard slot against the constrained search, and take the
constrained sentence when the way out accepts it and it leaves fewer words to wildcards
(`ConstrainedPaths.narrowed`). A wildcard takes any words, so a misheard grammar word makes the
free transcript parse anyway, with the rest of the command swallowed: "play the office on the TV
and the kitchen" is a search for all of it, "timer for 1 hour in 30 seconds" a 30-second timer
running the command "timer for 1 hour". The search ranks wildcard tokens below the grammar's own
(`FREE_TOKEN_PENALTY`), so it reads "… on the TV in the kitchen" where the audio allows.
Measured on the tuning split of HA's test sentences (BENCHMARKS.md, "English HA commands spoken
(issue 12, round 7)")."""
SOLE_SENTENCE_WINS = True
"""Behind the sole constrained reading, an older path decides whether the turn is a command and
the constrained best sentence which one ("seconded", `constrained_paths.seconded`)."""
SECONDED_WITHIN = 5.0
"""With the whole grammar (not `sole`), nats below the way out's threshold within which the
constrained best sentence is still read when an older path then hears a command ("seconded"):
the older path says *whether* the turn is a command, the search *which*. "Turn the volume down
to 90 percent" (corrected, no player named) for a constrained "Turn TV volume down to 90%" at
-4.5, "four minute 5 second timer" for "45 second timer." at -0.2. A sentence far below the
threshold is no evidence ("The first, in two hours, in two hours." at -29.7 behind a right
"pause timer for pizza"). Chosen on the tuning split of HA's test sentences: the right
constrained sentences refused there scored -0.1 to -4.5, the wrong ones behind a right older
reading -0.3 and -6.9 to -30 (BENCHMARKS.md, "English HA commands spoken (issue 12, round 7)").
Open speech is not forced more: an older path had already read a command. A constrained
sentence of another intent than the older reading is taken only where the audio does not score
the older one higher (round 38: "undo that" seconded as "Light, On,", "put apple on the list" as
"open the door.")."""
