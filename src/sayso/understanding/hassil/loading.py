"""Load and merge intent templates: Home Assistant's, sayso's bundled ones and the user's files.

Everything ends up in one dict in hassil's YAML format (``language``, ``intents``, ``lists``,
``expansion_rules``, ``skip_words``, ``responses``), which both the recogniser and the response
renderer read. User files are validated here so a mistake is reported as one line naming the file.
"""

from __future__ import annotations

import copy
import functools
import importlib.resources
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from hassil import Intents, ListReference, RuleReference
from hassil.expression import Expression, Group, Sentence
from hassil.util import merge_dict
from sayso.errors import ConfigError

CUSTOM_METADATA_KEY = "sayso_custom"
"""Metadata flag put on every sentence block of a user file (the result's `source` is "custom")."""

REPLACE_KEY = "sayso_replace"
"""Section of a bundled file whose `lists` replace Home Assistant's lists of the same name."""
RUNTIME_LISTS = frozenset({"name", "area", "floor", "contact_name"})
"""Slot lists filled at run time from the home (they need not be defined in any file)."""


def load_intents_dict(
    language: str, custom: tuple[str, ...] = (), *, builtin: bool = True
) -> dict[str, Any]:
    """Home Assistant + bundled + custom intents of `language`, merged (a fresh copy each call).

    `builtin=False` keeps only the custom files' intents; Home Assistant's expansion rules and
    lists stay available to them ("<area>", "{name}").
    """
    merged = copy.deepcopy(_builtin_dict(language))
    if not builtin:
        merged["intents"] = {}
    for path in custom:
        merge_dict(merged, load_custom_file(path, language, merged))
    return merged


@functools.lru_cache(maxsize=4)
def _builtin_dict(language: str) -> dict[str, Any]:
    # Deferred: the package holds JSON for ~60 languages; only the chosen one is read.
    from home_assistant_intents import get_intents

    merged = get_intents(language)
    if merged is None:
        raise ConfigError(f"no Home Assistant intents for language {language!r}")
    for path in bundled_files(language):
        bundled = _read_yaml(path)
        # Lists merge by appending values; a bundled file that means other values replaces them.
        replaced = bundled.pop(REPLACE_KEY, None) or {}
        merge_dict(merged, bundled)
        merged.setdefault("lists", {}).update(replaced.get("lists") or {})
    return merged


def bundled_files(language: str) -> list[Path]:
    """The bundled intent files for `language` (data/intents/<language>/*.yaml)."""
    folder = Path(str(importlib.resources.files("sayso"))) / "data" / "intents" / language
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_custom_file(path: str, language: str, known: Mapping[str, Any]) -> dict[str, Any]:
    """Read and validate one user intent file; `known` holds the lists and rules it may use."""
    raw = _read_yaml(Path(path).expanduser())
    where = f"custom intents file {path}"
    if not isinstance(raw, dict) or not isinstance(raw.get("intents"), dict):
        raise ConfigError(
            f"{where}: not hassil format (expected a mapping with an 'intents' section)"
        )
    if not raw["intents"]:
        raise ConfigError(f"{where}: no intents (the 'intents' section is empty)")
    file_language = raw.setdefault("language", language)
    if file_language != language:
        raise ConfigError(f"{where}: language {file_language!r} does not match {language!r}")
    for name, intent in raw["intents"].items():
        _check_intent_shape(where, str(name), intent)
        for block in intent["data"]:
            block["metadata"] = {**(block.get("metadata") or {}), CUSTOM_METADATA_KEY: True}
    try:
        parsed = Intents.from_dict(raw)
        for intent in parsed.intents.values():
            for block in intent.data:
                block.sentences  # noqa: B018  (templates parse lazily; parse now to report here)
    except Exception as exc:  # hassil raises bare ParseError/ValueError/KeyError/AssertionError
        raise ConfigError(f"{where}: invalid template ({type(exc).__name__}: {exc})") from None
    _check_references(where, parsed, known)
    return raw


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"custom intents file {path}: not found") from None
    except OSError as exc:
        raise ConfigError(f"custom intents file {path}: cannot read ({exc.strerror})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ConfigError(f"custom intents file {path}: invalid YAML{at}: {problem}") from None


def _check_intent_shape(where: str, name: str, intent: Any) -> None:
    if not isinstance(intent, dict) or not isinstance(intent.get("data"), list):
        raise ConfigError(f"{where}: intent {name} needs a 'data' list")
    for block in intent["data"]:
        sentences = block.get("sentences") if isinstance(block, dict) else None
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise ConfigError(f"{where}: intent {name} has a data block without a 'sentences' list")


def _check_references(where: str, parsed: Intents, known: Mapping[str, Any]) -> None:
    """Every {list} and <rule> a sentence uses must exist, or recognition would fail later."""
    lists = set(known.get("lists", {})) | set(parsed.slot_lists) | RUNTIME_LISTS
    rules = {**_parse_rules(known.get("expansion_rules", {})), **parsed.expansion_rules}
    for intent in parsed.intents.values():
        for block in intent.data:
            block_rules = {**rules, **block.expansion_rules}
            block_lists = lists | set(block.slot_lists)
            for sentence in block.sentences:
                for kind, ref in _references(sentence.expression, block_rules, set()):
                    if kind == "list" and ref not in block_lists:
                        raise ConfigError(
                            f"{where}: intent {intent.name} uses unknown list {{{ref}}}"
                        )
                    if kind == "rule" and ref not in block_rules:
                        raise ConfigError(
                            f"{where}: intent {intent.name} uses unknown rule <{ref}>"
                        )


def _parse_rules(raw: Mapping[str, str]) -> dict[str, Sentence]:
    from hassil import parse_sentence

    return {name: parse_sentence(body, keep_text=True) for name, body in raw.items()}


def _references(
    expr: Expression, rules: Mapping[str, Sentence], seen: set[str]
) -> Iterator[tuple[str, str]]:
    """("list", name) and ("rule", name) for each reference, following rules once each."""
    if isinstance(expr, ListReference):
        yield "list", expr.list_name
    elif isinstance(expr, RuleReference):
        yield "rule", expr.rule_name
        if expr.rule_name in rules and expr.rule_name not in seen:
            seen.add(expr.rule_name)
            yield from _references(rules[expr.rule_name].expression, rules, seen)
    elif isinstance(expr, Group):
        for item in expr.items:
            yield from _references(item, rules, seen)
