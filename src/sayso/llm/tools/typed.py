"""Typed tools: plain Python functions whose JSON Schema comes from their signature and docstring.

A tool is a typed function; the first docstring paragraph describes it to the model and a
Google-style "Args:" section describes each parameter. `@tool(sensitive=True)` marks tools that need
a spoken confirmation.

Arguments are validated with pydantic before a tool runs, so a tool body never sees bad input.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import importlib.metadata
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar, get_type_hints

import pydantic

from sayso.dialogue.messages import ToolCall
from sayso.errors import BadInput, ConfigError
from sayso.llm.base import ToolSpec

F = TypeVar("F", bound=Callable[..., Any])
_SENSITIVE_ATTR = "__sayso_tool_sensitive__"
_EXAMPLES_ATTR = "__sayso_tool_examples__"
Example = tuple[str, dict[str, Any]]
_ARG_LINE = re.compile(r"^\s*(\w+)\s*(?:\([^)]*\))?\s*:\s*(.+)$")


def tool(*, sensitive: bool = False, examples: Iterable[Example] = ()) -> Callable[[F], F]:
    """Mark a function as a tool.

    `sensitive` tools need a spoken confirmation before they run; `examples` are (utterance,
    arguments) pairs shown to the model as worked examples.
    """

    def mark(fn: F) -> F:
        setattr(fn, _SENSITIVE_ATTR, sensitive)
        setattr(fn, _EXAMPLES_ATTR, tuple(examples))
        return fn

    return mark


@dataclasses.dataclass(frozen=True)
class ToolResult:
    """What a tool may return when it has more to say than a string."""

    speech: str
    """What to tell the user."""
    targets: tuple[str, ...] = ()
    """Entity ids or areas acted on (remembered for follow-ups like "and the bedroom too")."""
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Structured result for clients."""


@dataclasses.dataclass(frozen=True)
class Tool:
    """A callable tool with its schema and validator."""

    name: str
    """Name the model uses."""
    description: str
    """First paragraph of the docstring."""
    fn: Callable[..., Any]
    """The function (sync or async)."""
    model: type[pydantic.BaseModel]
    """Pydantic model of the arguments (validation and schema)."""
    sensitive: bool = False
    """Needs a spoken confirmation on a later user turn before it runs."""
    examples: tuple[Example, ...] = ()
    """Worked examples (utterance, arguments) for few-shot prompts."""

    @classmethod
    def from_function(
        cls, fn: Callable[..., Any], *, name: str | None = None, sensitive: bool | None = None
    ) -> Tool:
        """Build a tool from a typed function (every parameter needs an annotation)."""
        tool_name = name or fn.__name__
        summary, arg_docs = _parse_docstring(inspect.getdoc(fn) or "")
        hints = get_type_hints(fn, include_extras=True)
        fields: dict[str, Any] = {}
        for param in inspect.signature(fn).parameters.values():
            if param.name not in hints:
                raise ConfigError(f"tool {tool_name}: parameter {param.name!r} has no type hint")
            default = ... if param.default is inspect.Parameter.empty else param.default
            field = pydantic.Field(default, description=arg_docs.get(param.name))
            fields[param.name] = (hints[param.name], field)
        model = pydantic.create_model(
            f"{tool_name}_args", __config__=pydantic.ConfigDict(extra="forbid"), **fields
        )
        flag = getattr(fn, _SENSITIVE_ATTR, False) if sensitive is None else sensitive
        examples = tuple(getattr(fn, _EXAMPLES_ATTR, ()))
        return cls(tool_name, summary or tool_name, fn, model, bool(flag), examples)

    @property
    def schema(self) -> dict[str, Any]:
        """JSON Schema of the arguments object."""
        schema = self.model.model_json_schema()
        schema.pop("title", None)
        return schema

    @property
    def spec(self) -> ToolSpec:
        """The backend-facing description."""
        return ToolSpec(self.name, self.description, self.schema, self.examples)

    def validate(self, arguments: dict[str, Any]) -> dict[str, Any]:
        """Validated, coerced arguments; raises BadInput with one line when they do not fit."""
        try:
            parsed = self.model.model_validate(arguments)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "arguments"
            raise BadInput(f"tool {self.name}: {where}: {first['msg']}") from None
        return {key: getattr(parsed, key) for key in type(parsed).model_fields}

    async def run(self, arguments: dict[str, Any]) -> Any:
        """Validate and call the tool: async tools are awaited, sync ones run in a worker thread."""
        valid = self.validate(arguments)
        if inspect.iscoroutinefunction(self.fn):
            return await self.fn(**valid)
        return await asyncio.to_thread(self.fn, **valid)


class ToolRegistry:
    """The tools the model may call, with an optional allow-list."""

    def __init__(self, tools: Iterable[Tool] = (), *, allow: Iterable[str] | None = None) -> None:
        self._tools: dict[str, Tool] = {}
        self.allow: frozenset[str] | None = None if allow is None else frozenset(allow)
        """Names that may run; None allows every registered tool."""
        for t in tools:
            self.add(t)

    def add(self, item: Tool | Callable[..., Any]) -> Tool:
        """Register a tool (a `Tool` or a typed function)."""
        t = item if isinstance(item, Tool) else Tool.from_function(item)
        self._tools[t.name] = t
        return t

    def get(self, name: str) -> Tool | None:
        """The tool called `name`, or None."""
        return self._tools.get(name)

    def is_allowed(self, name: str) -> bool:
        """True when `name` is registered and on the allow-list."""
        return name in self._tools and (self.allow is None or name in self.allow)

    def __iter__(self) -> Iterator[Tool]:
        return iter(t for t in self._tools.values() if self.is_allowed(t.name))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def specs(self) -> list[ToolSpec]:
        """Specs of the allowed tools, for the backend."""
        return [t.spec for t in self]

    def check(self, call: ToolCall) -> dict[str, Any]:
        """Validated arguments of `call`; BadInput when the tool is unknown, barred or misused."""
        t = self.get(call.name)
        if t is None or not self.is_allowed(call.name):
            raise BadInput(f"tool {call.name!r} is not available")
        return t.validate(call.arguments)

    @classmethod
    def from_entry_points(cls, group: str = "sayso.tools", **kwargs: Any) -> ToolRegistry:
        """Tools published by installed packages (entry point value: "module:function")."""
        registry = cls(**kwargs)
        for ep in importlib.metadata.entry_points(group=group):
            registry.add(Tool.from_function(ep.load(), name=ep.name))
        return registry

    def load_configured(self, targets: Iterable[str]) -> None:
        """Add tools named in configuration as "module:function"."""
        for target in targets:
            self.add(load_target(target))


def load_target(target: str) -> Callable[..., Any]:
    """Import "module:function"; ConfigError with one line when it cannot be found."""
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise ConfigError(f"tool {target!r}: expected 'module:function'")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"tool {target!r} cannot be loaded: {exc}") from None
    if not callable(fn):
        raise ConfigError(f"tool {target!r} is not callable")
    return fn


def _parse_docstring(doc: str) -> tuple[str, dict[str, str]]:
    """Summary paragraph and Google-style "Args:" descriptions."""
    summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    args: dict[str, str] = {}
    in_args = False
    for line in doc.splitlines():
        if line.strip().lower() in ("args:", "arguments:", "parameters:"):
            in_args = True
            continue
        if in_args:
            match = _ARG_LINE.match(line)
            if match:
                args[match.group(1)] = match.group(2).strip()
            elif line.strip() and not line.startswith((" ", "\t")):
                in_args = False
    return summary, args
