"""Follow-ups in Chinese: "把它关掉" after "打开厨房灯" is "把厨房灯关掉".

Chinese is written without spaces, so the word rules of `follow_ups_local` do not apply. The
pronoun is one character ("它", or "它们"), said where the object goes ("把它关掉", "关掉它",
"它开着吗"); the last command's object is its text without the verbs and particles around it
("打开客厅的灯" → "客厅的灯", "把厨房灯关掉" → "厨房灯"). As in the other languages, the grammar
decides: a rewrite counts only when it reads and names a target of the referent's kind. A timer
is "计时器" ("取消它" → "取消计时器"). "Also" turns and joined commands are not read in Chinese.
"""

from __future__ import annotations

from typing import Final

PRONOUNS: Final[tuple[str, ...]] = ("它们", "它")
"""Object pronouns, longest first."""
OPENINGS: Final[tuple[str, ...]] = (
    "请", "帮我", "麻烦", "给我", "把", "将", "打开", "开启", "关掉", "关闭", "关上", "调亮",
    "调暗", "锁上", "解锁",
)  # fmt: skip
"""What a command starts with before its object (stripped, repeatedly)."""
ENDINGS: Final[tuple[str, ...]] = (
    "吗", "呢", "了", "吧", "一下", "开着的", "关着的", "开着", "关着", "是", "打开", "开启",
    "关掉", "关闭", "关上", "调亮", "调暗", "锁上", "解锁",
)  # fmt: skip
"""What a command ends with after its object (stripped, repeatedly)."""
ACTS: Final[tuple[str, ...]] = (
    "开", "关", "调", "锁", "亮", "暗", "停", "取消", "暂停", "继续", "吗",
)  # fmt: skip
"""Characters that name an action or ask a state: the rest of a pronoun turn must hold one
("它" alone is no command)."""
TIMER_SAID: Final = "计时器"
"""What a timer's pronoun stands for."""


def object_of(text: str) -> str:
    """The object of a command: its text without the openings and endings around it."""
    said = "".join(text.split()).strip("。！？!?，,")
    changed = True
    while changed and said:
        changed = False
        for opening in OPENINGS:
            if said.startswith(opening) and len(said) > len(opening):
                said, changed = said[len(opening) :], True
        for ending in ENDINGS:
            if said.endswith(ending) and len(said) > len(ending):
                said, changed = said[: -len(ending)], True
    return said


def pronoun_rewrites(text: str, referent_text: str) -> list[str]:
    """`text` with its pronoun replaced by the object of `referent_text`.

    "把它关掉" after "打开厨房灯" → "把厨房灯关掉"; "它" alone → nothing.
    """
    said = "".join(text.split()).strip("。！？!?，,")
    pronoun = next((p for p in PRONOUNS if p in said), None)
    obj = object_of(referent_text)
    if pronoun is None or not obj:
        return []
    rest = said.replace(pronoun, "", 1)
    if not any(a in rest for a in ACTS):
        return []
    return [said.replace(pronoun, obj, 1)]
