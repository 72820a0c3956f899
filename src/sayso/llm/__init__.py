"""The LLM brain: backends, typed tools, constrained tool calls, confirmation and memory.

The fast path (hassil intents) handles what it recognises; whatever it does not match arrives here
as a `NoIntent` and is answered by `Brain.respond`.
"""
