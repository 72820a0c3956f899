"""sayso: a local-first spoken dialogue engine (listen, understand, act, speak)."""

__version__ = "0.1.0"
