"""Reading CTranslate2 model.bin files: dtypes, int8 scales, aliases and bad files.

The files are written here from the layout in `ct2_weights`' docstring (the shipped Whisper
models are float16 only, so int8 and bfloat16 variables are checked on small synthetic files);
the real models are read in test_stepper.py.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from sayso.asr.whisper.ct2_weights import read_variables
from sayso.errors import EngineUnavailable

_TYPE_IDS = {"float32": 0, "int8": 1, "int16": 2, "int32": 3, "float16": 4}
_BFLOAT16 = 5


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<H", len(data) + 1) + data + b"\0"


def _write(
    path: Path,
    variables: dict[str, tuple[np.ndarray, int]],
    aliases: dict[str, str],
    version: int = 6,
) -> None:
    out = [struct.pack("<I", version), _string("WhisperSpec"), struct.pack("<I", 3)]
    out.append(struct.pack("<I", len(variables)))
    for name, (array, type_id) in variables.items():
        out += [_string(name), struct.pack("<B", array.ndim)]
        out += [struct.pack("<I", d) for d in array.shape]
        raw = array.tobytes()
        out += [struct.pack("<B", type_id), struct.pack("<I", len(raw)), raw]
    out.append(struct.pack("<I", len(aliases)))
    for alias, target in aliases.items():
        out += [_string(alias), _string(target)]
    path.write_bytes(b"".join(out))


def test_dtypes_scales_and_aliases_become_float32(tmp_path: Path) -> None:
    half = np.arange(6, dtype=np.float16).reshape(2, 3) / 4
    quantized = np.array([[127, -64], [10, 20]], np.int8)
    scale = np.array([127 / 2.0, 10.0], np.float32)  # CTranslate2: value = quantized / scale
    brain = np.array([1.5, -2.0], np.float32)
    brain_bits = (brain.view(np.uint32) >> 16).astype(np.uint16)
    _write(
        tmp_path / "model.bin",
        {
            "decoder/a/weight": (half, _TYPE_IDS["float16"]),
            "decoder/q/weight": (quantized, _TYPE_IDS["int8"]),
            "decoder/q/weight_scale": (scale, _TYPE_IDS["float32"]),
            "decoder/b": (brain_bits, _BFLOAT16),
            "encoder/skipped": (np.zeros(4, np.float32), _TYPE_IDS["float32"]),
        },
        {"decoder/tied/weight": "decoder/a/weight"},
    )
    got = read_variables(tmp_path / "model.bin", lambda n: n.startswith("decoder/"))
    expected = {"decoder/a/weight", "decoder/q/weight", "decoder/b", "decoder/tied/weight"}
    assert set(got) == expected | {"decoder/q/weight_scale"}  # kept: its name was asked for
    assert all(v.dtype == np.float32 for v in got.values())
    np.testing.assert_array_equal(got["decoder/a/weight"], half.astype(np.float32))
    np.testing.assert_allclose(got["decoder/q/weight"], [[2.0, -64 / 63.5], [1.0, 2.0]])
    np.testing.assert_array_equal(got["decoder/b"], brain)
    np.testing.assert_array_equal(got["decoder/tied/weight"], got["decoder/a/weight"])


def test_unknown_version_and_truncated_file_are_one_line_errors(tmp_path: Path) -> None:
    variables = {"decoder/x": (np.ones(3, np.float32), _TYPE_IDS["float32"])}
    _write(tmp_path / "model.bin", variables, {}, version=99)
    with pytest.raises(EngineUnavailable, match="binary version 99"):
        read_variables(tmp_path / "model.bin", lambda n: True)
    _write(tmp_path / "model.bin", variables, {})
    (tmp_path / "model.bin").write_bytes((tmp_path / "model.bin").read_bytes()[:30])
    with pytest.raises(EngineUnavailable) as info:
        read_variables(tmp_path / "model.bin", lambda n: True)
    assert "\n" not in str(info.value)


def test_as_stored_keeps_float16_and_still_converts_quantized(tmp_path: Path) -> None:
    """The stepper reads its 40 MB float16 embedding without an 80 MB float32 copy."""
    half = np.arange(6, dtype=np.float16).reshape(2, 3) / 4
    quantized = np.array([[127, -64]], np.int8)
    scale = np.array([127 / 2.0], np.float32)
    _write(
        tmp_path / "model.bin",
        {
            "decoder/a/weight": (half, _TYPE_IDS["float16"]),
            "decoder/q/weight": (quantized, _TYPE_IDS["int8"]),
            "decoder/q/weight_scale": (scale, _TYPE_IDS["float32"]),
        },
        {},
    )
    got = read_variables(tmp_path / "model.bin", lambda n: n.startswith("decoder/"),
                         as_stored=lambda _: True)
    assert got["decoder/a/weight"].dtype == np.float16
    np.testing.assert_array_equal(got["decoder/a/weight"], half)
    # An int8 weight has no stored float form: it is still scaled into float32.
    np.testing.assert_allclose(got["decoder/q/weight"], [[2.0, -64 / 63.5]])
