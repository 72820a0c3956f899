"""`sayso adapt asr`: fine-tune Whisper to a domain from speech synthesised from its grammar.

The pipeline: `convert` (CTranslate2 ⇄ transformers, read with `asr/whisper/ct2_weights`),
`sentences` (balanced samples of the grammar), `voices`/`dataset` (rendering and augmentation,
split by voice and sentence, plus open speech rehearsed in training), `recipe`/`train` (decoder
fine-tuning on cached encoder outputs), `evaluate` (the gate's measurements) and `run` (the
command's steps, written to a temporary folder renamed at the end).
"""
