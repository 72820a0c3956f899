"""GBNF grammars that make a small model's tool calls valid by construction.

The grammar is a top-level alternation between a spoken answer (`Say: ...`) and a JSON object
`{"tool": <name>, "arguments": <that tool's arguments>}`, one alternative per tool, each generated
from the tool's JSON Schema by llama.cpp's own converter. Whatever the model picks, a finished call
parses and matches its schema; only a generation cut short by `max_tokens` can be incomplete, so
strings get a length bound here to keep every call short.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from typing import Any

from sayso.llm.base import ToolSpec
from sayso.llm.prompt import SAY_PREFIX

MAX_STRING_CHARS = 60
"""Longest string argument the grammar allows when the schema sets no maxLength."""
MAX_SAY_CHARS = 300
"""Longest spoken answer the grammar allows, in characters."""
MAX_INT = 10**9
"""Upper bound of a non-negative integer argument whose schema sets only a minimum."""

_ROOT_RULE = re.compile(r"^root ::=", re.MULTILINE)
# llama.cpp's converter ignores minimum/maximum, so bounded integers travel through it as a marker
# constant and are replaced afterwards by a digit-range rule.
_INT_MARKER = "__int_{}_{}__"
_INT_LITERAL = re.compile(r'"\\"__int_(\d+)_(\d+)__\\""')


def call_schema(tools: Sequence[ToolSpec]) -> dict[str, Any]:
    """JSON Schema of one call to any of `tools` (a oneOf over the tools)."""
    variants = [
        {
            "type": "object",
            "properties": {"tool": {"const": t.name}, "arguments": _bounded(t.parameters)},
            "required": ["tool", "arguments"],
            "additionalProperties": False,
        }
        for t in tools
    ]
    return variants[0] if len(variants) == 1 else {"oneOf": variants}


def tool_grammar(tools: Sequence[ToolSpec], *, allow_answer: bool = True) -> str:
    """GBNF for: a leading space, then a tool call or (when allowed) `Say: <one line>`."""
    say = f'say ::= "{SAY_PREFIX}" [^\\n]{{1,{MAX_SAY_CHARS}}} "\\n"'
    if not tools:
        return "\n".join(['root ::= " " say', say])
    from llama_cpp.llama_grammar import json_schema_to_gbnf  # deferred: heavy native import

    calls = _ROOT_RULE.sub("call ::=", json_schema_to_gbnf(_json(call_schema(tools))))
    calls = _INT_LITERAL.sub(lambda m: f"({int_range(int(m[1]), int(m[2]))})", calls)
    if not allow_answer:
        return "\n".join(['root ::= " " call', calls])
    return "\n".join(['root ::= " " (call | say)', say, calls])


def _bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """Copy of `schema` with every unbounded string given `MAX_STRING_CHARS` and no titles."""
    out = copy.deepcopy(schema)
    _walk(out)
    return out


def _walk(node: Any) -> None:
    """Bound strings and drop annotations in a schema node (property names are left alone)."""
    if isinstance(node, list):
        for item in node:
            _walk(item)
        return
    if not isinstance(node, dict):
        return
    node.pop("title", None)
    node.pop("description", None)
    if node.get("type") == "string" and "maxLength" not in node and "enum" not in node:
        node["maxLength"] = MAX_STRING_CHARS
        node.setdefault("minLength", 1)
    if node.get("type") == "integer":
        _bound_integer(node)
    for key, value in node.items():
        if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
            for sub in value.values():
                _walk(sub)
        else:
            _walk(value)


def _bound_integer(node: dict[str, Any]) -> None:
    """Turn a non-negative bounded integer into the marker constant (see `_INT_LITERAL`)."""
    low = node.get("minimum", node.get("exclusiveMinimum", -1) + 1)
    if not isinstance(low, int) or low < 0:
        return  # negative ranges keep the converter's unbounded integer rule
    high = node.get("maximum", node.get("exclusiveMaximum", MAX_INT + 1) - 1)
    for key in ("type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        node.pop(key, None)
    node["const"] = _INT_MARKER.format(low, int(high))


def int_range(low: int, high: int) -> str:
    """GBNF alternatives matching exactly the integers low..high (0 <= low <= high)."""
    parts = []
    for width in range(len(str(low)), len(str(high)) + 1):
        lo = max(low, 10 ** (width - 1) if width > 1 else 0)
        hi = min(high, 10**width - 1)
        if lo <= hi:
            parts.append(_same_width(str(lo), str(hi)))
    return " | ".join(parts)


def _same_width(lo: str, hi: str) -> str:
    """GBNF for the decimal strings of one width between lo and hi."""
    if not lo:
        return '""'
    if lo == hi:
        return f'"{lo}"'
    if set(lo) == {"0"} and set(hi) == {"9"}:
        return f"[0-9]{{{len(lo)}}}"
    rest = len(lo) - 1
    if lo[0] == hi[0]:
        return f'"{lo[0]}" ({_same_width(lo[1:], hi[1:])})'
    first = f'"{lo[0]}" ({_same_width(lo[1:], "9" * rest)})' if rest else f'"{lo[0]}"'
    last = f'"{hi[0]}" ({_same_width("0" * rest, hi[1:])})' if rest else f'"{hi[0]}"'
    parts = [first]
    if int(lo[0]) + 1 <= int(hi[0]) - 1:
        middle = f"[{int(lo[0]) + 1}-{int(hi[0]) - 1}]"
        parts.append(middle + (f" [0-9]{{{rest}}}" if rest else ""))
    return " | ".join([*parts, last])


def _json(schema: dict[str, Any]) -> str:
    return json.dumps(schema)
