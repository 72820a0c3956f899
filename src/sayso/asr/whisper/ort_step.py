"""One step of Whisper's decoder as a single onnxruntime graph (int8 products), for `stepper.py`.

A constrained search extends 5-8 hypotheses by one token per step. Run layer by layer from numpy
(`decoder_block.py` with `Int8Linear`), a step of tiny.en was 25 onnxruntime calls plus numpy
for the attention, the LayerNorms and the exact GELU: ~16 ms for 8 hypotheses over 13 s of
encoder output, most of it per-call overhead and small-array numpy. Here the whole step — every
block's self-attention (keys and values of the hypotheses' parents gathered and extended),
cross-attention, GELU MLP, the final LayerNorm, the projection onto the vocabulary and its
log-softmax — is one graph and one call: ~9 ms, half of it the projection's 20 MB of int8
weights. A prompt runs through the same graph, all its positions in one call (causal mask).

The maths is the layer-by-layer int8 path's: the same folded LayerNorms and query scale
(`block_weights`), the same per-column int8 weights stored as uint8 (`int8_weights`), the same
per-call activation quantization (`DynamicQuantizeMatMul` on the same rows, one scale a call),
float32 elsewhere. The two differ by float32 rounding (onnxruntime's GELU and scipy's erf by
~1e-7), but a rounding difference can flip a quantized value by one step, and that spreads
through the later layers: the likely tokens of a search moved by up to 0.37 nats (measured on
the test clips). Both forms are as far from float32 as each other. The encoder's keys and
values stay float32 inputs, computed once per utterance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np

from sayso.asr.whisper import onnx_proto as proto
from sayso.asr.whisper.decoder_block import LINEARS
from sayso.asr.whisper.ort_projection import folded_bias, int8_weights

KeysValues = tuple[tuple[np.ndarray, np.ndarray], ...]
"""Per layer: keys and values (self-attention: (hyps, heads, length, head); the encoder's:
(heads, head, frames) and (heads, frames, head))."""


@dataclasses.dataclass
class _Graph:
    """Nodes and initializers being written."""

    nodes: list[bytes] = dataclasses.field(default_factory=list)
    initializers: list[proto.Parts] = dataclasses.field(default_factory=list)

    def add(
        self,
        op: str,
        inputs: Sequence[str],
        output: str,
        domain: str = "",
        **attributes: int | Sequence[int],
    ) -> str:
        self.nodes.append(proto.node(op, inputs, [output], domain, **attributes))
        return output

    def constant(self, name: str, array: np.ndarray, data_type: int) -> str:
        self.initializers.append(proto.tensor(name, array, data_type))
        return name

    def linear(
        self,
        name: str,
        x: str,
        weight: np.ndarray,
        bias: np.ndarray,
        gamma: np.ndarray | None = None,
    ) -> str:
        names, initializers = int8_weights(name + "/", weight, bias, gamma)
        self.initializers += initializers
        return self.add("DynamicQuantizeMatMul", [x, *names], name, proto.MS_DOMAIN)


class FusedStep:
    """Whisper's decoder after the token embedding, in one call: a step or a prompt."""

    def __init__(
        self,
        blocks: Iterable[dict[str, tuple[np.ndarray, np.ndarray]]],
        heads: int,
        embedding: np.ndarray,
        final_norm: tuple[np.ndarray, np.ndarray],
    ) -> None:
        """Write the graph and load it.

        `blocks`: each block's `LINEARS` (`block_weights`), read once (a generator keeps one
        block's float32 weights at a time); `embedding` (vocab, width) is the tied output
        projection, `final_norm` the LayerNorm's gamma and beta before it.
        """
        import onnxruntime

        model, self.blocks = _decoder_graph(blocks, heads, embedding, final_norm)
        options = onnxruntime.SessionOptions()
        # One thread: the caller runs several searches at once on a 2-core machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            model, options, providers=["CPUExecutionProvider"]
        )
        self._outputs = ["logprobs"] + [f"l{i}/{k}" for i in range(self.blocks) for k in "kv"]

    def __call__(
        self, x: np.ndarray, parents: np.ndarray, past: KeysValues, encoder: KeysValues
    ) -> tuple[np.ndarray, KeysValues]:
        """Log-probabilities (hyps, vocab) after the last of hidden states `x`, and the caches.

        `x` is (hyps, count, width); the self-attention keys and values come back extended by
        all `count` positions. Hypothesis i continues `parents[i]`; position j of `x` sees the
        past and positions <= j.
        """
        count, past_length = x.shape[1], past[0][0].shape[2]
        mask = np.zeros((count, past_length + count), np.float32)
        mask[:, past_length:] = np.triu(np.full((count, count), -np.inf, np.float32), 1)
        feed: dict[str, np.ndarray] = {
            "x": np.ascontiguousarray(x, dtype=np.float32),
            "parents": np.asarray(parents, np.int64),
            "mask": mask,
        }
        for i, ((keys, values), (enc_k, enc_v)) in enumerate(zip(past, encoder, strict=True)):
            feed[f"past_k{i}"], feed[f"past_v{i}"] = keys, values
            feed[f"enc_k{i}"], feed[f"enc_v{i}"] = enc_k, enc_v
        logprobs, *caches = self._session.run(self._outputs, feed)
        pairs = tuple((caches[2 * i], caches[2 * i + 1]) for i in range(self.blocks))
        return np.asarray(logprobs), pairs


def _decoder_graph(
    blocks: Iterable[dict[str, tuple[np.ndarray, np.ndarray]]],
    heads: int,
    embedding: np.ndarray,
    final_norm: tuple[np.ndarray, np.ndarray],
) -> tuple[bytes, int]:
    """The step's ONNX model (`FusedStep.__init__`'s arguments), and how many blocks it has."""
    vocab, width = embedding.shape
    graph = _Graph()
    ones = graph.constant("ones", np.ones(width, np.float32), proto.FLOAT)
    zeros = graph.constant("zeros", np.zeros(width, np.float32), proto.FLOAT)
    head = width // heads
    shapes = {
        "split": graph.constant("split", np.array([0, 0, heads, head], np.int64), proto.INT64),
        "rows": graph.add("Shape", ["x"], "x_shape"),  # (hyps, count, width)
        "heads": graph.constant("heads", np.array([-1, heads, head], np.int64), proto.INT64),
        "thirds": graph.constant("thirds", np.array([width] * 3, np.int64), proto.INT64),
    }
    last = graph.constant("last", np.array(-1, np.int64), proto.INT64)
    x = "x"
    count = 0
    for i, weights in enumerate(blocks):
        if set(weights) != set(LINEARS):
            raise ValueError(f"block {i} has linears {sorted(weights)}")
        x = _block(graph, f"l{i}", x, weights, (ones, zeros), shapes)
        count = i + 1
        del weights  # its int8 initializers are written
    gamma, beta = final_norm
    x = graph.add("Gather", [x, last], "last_position", axis=1)  # (hyps, width)
    normed = graph.add("LayerNormalization", [x, ones, zeros], "final_norm", axis=-1)
    # The final LayerNorm's gamma is folded in as the projection is quantized (as
    # `Int8Linear` does for the layer-by-layer path), its beta into the bias.
    bias = folded_bias(embedding.T, np.zeros(vocab, np.float32), beta)
    logits = graph.linear("projection", normed, embedding.T, bias, gamma)
    graph.add("LogSoftmax", [logits], "logprobs", axis=-1)
    inputs = [
        proto.value_info("x", ["batch", "count", width]),
        proto.value_info("parents", ["batch"], proto.INT64),
        proto.value_info("mask", ["count", "total"]),
    ]
    outputs = [proto.value_info("logprobs", ["batch", vocab])]
    for i in range(count):
        for kind in ("k", "v"):
            inputs.append(proto.value_info(f"past_{kind}{i}", ["prev", heads, "length", head]))
            outputs.append(proto.value_info(f"l{i}/{kind}", ["batch", heads, "next", head]))
        inputs.append(proto.value_info(f"enc_k{i}", [heads, head, "frames"]))
        inputs.append(proto.value_info(f"enc_v{i}", [heads, "frames", head]))
    return proto.model("decoder_step", graph.nodes, graph.initializers, inputs, outputs), count


def _block(
    graph: _Graph,
    name: str,
    x: str,
    weights: dict[str, tuple[np.ndarray, np.ndarray]],
    norm: tuple[str, str],
    shapes: dict[str, str],
) -> str:
    """One pre-LayerNorm block (as `DecoderBlock.__call__`)."""
    index = name[1:]

    def linear(kind: str, inp: str) -> str:
        return graph.linear(f"{name}/{kind}", inp, *weights[kind])

    def normed(inp: str, tag: str) -> str:
        return graph.add("LayerNormalization", [inp, *norm], f"{name}/{tag}", axis=-1)

    def add(op: str, inputs: Sequence[str], tag: str, **attributes: int | Sequence[int]) -> str:
        return graph.add(op, inputs, f"{name}/{tag}", "", **attributes)

    qkv = linear("qkv", normed(x, "norm1"))
    graph.nodes.append(
        proto.node(
            "Split", [qkv, shapes["thirds"]], [f"{name}/q2", f"{name}/k2", f"{name}/v2"], axis=2
        )
    )

    def heads_first(kind: str) -> str:  # (hyps, count, width) -> (hyps, heads, count, head)
        split = add("Reshape", [f"{name}/{kind}2", shapes["split"]], f"{kind}3")
        return add("Transpose", [split], f"{kind}4", perm=[0, 2, 1, 3])

    q = heads_first("q")
    parts = {}
    for kind in ("k", "v"):
        kept = add("Gather", [f"past_{kind}{index}", "parents"], f"{kind}_past", axis=0)
        # A graph output: the cache the next step reads.
        parts[kind] = add("Concat", [kept, heads_first(kind)], kind, axis=2)
    keys_t = add("Transpose", [parts["k"]], "kt", perm=[0, 1, 3, 2])
    scores = add("Add", [add("MatMul", [q, keys_t], "scores"), "mask"], "masked")
    scores = add("Softmax", [scores], "weights", axis=-1)
    attended = add("MatMul", [scores, parts["v"]], "att")
    attended = add("Transpose", [attended], "att2", perm=[0, 2, 1, 3])
    attended = add("Reshape", [attended, shapes["rows"]], "att3")
    x = add("Add", [x, linear("self_out", attended)], "res1")
    query = add("Reshape", [linear("cross_q", normed(x, "norm2")), shapes["heads"]], "cq3")
    # All hypotheses share the encoder keys: (heads, hyps*count, head) @ (heads, head, frames).
    query = add("Transpose", [query], "cqt", perm=[1, 0, 2])
    cross = add("Softmax", [add("MatMul", [query, f"enc_k{index}"], "cs")], "cw", axis=-1)
    cross = add("Transpose", [add("MatMul", [cross, f"enc_v{index}"], "ca")], "cat", perm=[1, 0, 2])
    cross = add("Reshape", [cross, shapes["rows"]], "ca2")
    x = add("Add", [x, linear("cross_out", cross)], "res2")
    hidden = graph.add(
        "Gelu", [linear("mlp_in", normed(x, "norm3"))], f"{name}/gelu", proto.MS_DOMAIN
    )
    return add("Add", [x, linear("mlp_out", hidden)], "res3")
