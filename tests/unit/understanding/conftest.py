"""One loaded recogniser shared by the understanding tests (loading takes ~1 s)."""

from __future__ import annotations

import pytest

from sayso.config import IntentsConfig
from sayso.understanding.hassil.recognizer import HassilRecognizer

from .understanding_home import CONTACTS, HOME, PIZZA


@pytest.fixture(scope="session")
def recognizer() -> HassilRecognizer:
    rec = HassilRecognizer(IntentsConfig(custom=(str(PIZZA),)))
    rec.load()
    rec.set_home(HOME)
    rec.set_contacts(CONTACTS)
    return rec
