from sayso.dialogue.memory import ConversationMemory, MemoryStore, estimate_tokens
from sayso.dialogue.messages import Message


def test_everything_fits() -> None:
    mem = ConversationMemory(budget_tokens=100)
    mem.add(Message("user", "turn on the kitchen light"))
    mem.add(Message("assistant", "Done."))
    assert [m.content for m in mem.context()] == ["turn on the kitchen light", "Done."]


def test_oldest_turns_dropped_with_summary() -> None:
    mem = ConversationMemory(budget_tokens=20)
    for i in range(6):
        mem.add(Message("user", f"request number {i} with some words"))  # ~8 tokens each
        mem.add(Message("assistant", f"answer {i}"))
    context = mem.context()
    assert context[0].role == "system"
    assert context[0].content.startswith("Earlier: ")
    assert "'request number 3 with some words'" in context[0].content
    kept = context[1:]
    assert kept[-1].content == "answer 5"
    assert sum(estimate_tokens(m.content) for m in kept) <= 20
    assert len(mem.turns) == 12  # history itself is kept whole


def test_newest_message_kept_even_when_too_big() -> None:
    mem = ConversationMemory(budget_tokens=2)
    mem.add(Message("user", "x" * 400))
    assert mem.context()[-1].content == "x" * 400


def test_backend_tokenizer_used() -> None:
    mem = ConversationMemory(budget_tokens=3, count_tokens=lambda text: len(text.split()))
    for word in ["one two", "three four", "five six"]:
        mem.add(Message("user", word))
    assert [m.content for m in mem.context()][1:] == ["five six"]
    fallback = ConversationMemory(count_tokens=lambda text: None)
    assert fallback.tokens("abcdefgh") == 2


def test_follow_up_targets() -> None:
    store = MemoryStore()
    mem = store.session("kitchen-speaker")
    assert not mem.is_follow_up("make it brighter")  # nothing to refer to yet
    mem.remember_targets(["light.kitchen"])
    mem.remember_targets([])  # a query acts on nothing: keep the previous targets
    assert mem.last_targets == ("light.kitchen",)
    assert mem.is_follow_up("make it brighter")
    assert mem.is_follow_up("and the bedroom too")
    assert not mem.is_follow_up("what's the weather")
    assert store.session("other").last_targets == ()
    store.forget("kitchen-speaker")
    assert store.session("kitchen-speaker").last_targets == ()
