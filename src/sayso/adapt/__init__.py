"""Adapting sayso's models to a user's domain (`sayso adapt asr`, `sayso adapt llm`).

Training needs PyTorch and Hugging Face libraries, which the core install does not carry: they are
the optional `sayso[adapt]` extra, imported only inside the adaptation commands.
"""
