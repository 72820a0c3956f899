"""Speech synthesis: the engine protocol, sentence splitting, and the Piper and espeak-ng engines.

The engine modules import nothing heavy at module level (piper and onnxruntime are imported in
`load()`), so exporting them here keeps the registry's lazy import cheap.
"""

from sayso.tts.base import TtsCapabilities, TtsEngine
from sayso.tts.espeak import EspeakTts
from sayso.tts.piper import PiperTts
from sayso.tts.sentences import SentenceChunker, clean_text, speech_pieces, split_sentences

__all__ = [
    "EspeakTts",
    "PiperTts",
    "SentenceChunker",
    "TtsCapabilities",
    "TtsEngine",
    "clean_text",
    "speech_pieces",
    "split_sentences",
]
