"""A tiny SoundFont 2 file built in code: one looped sine wave, one instrument, one preset (piano, 0:0).

Lets the SoundFont tests run without shipping or downloading a real SoundFont. The
layout follows the SoundFont 2.04 specification: a RIFF ``sfbk`` file with INFO, sdta
(the 16-bit samples) and pdta (the preset, instrument and sample headers) lists.
"""

from __future__ import annotations

import struct

import numpy as np

#: The sine's frequency (Hz) at its root key: A4 = MIDI 69.
ROOT_KEY = 69
SAMPLE_RATE = 44_000  # 100 samples a period at 440 Hz: the loop closes exactly


def _chunk(tag: bytes, data: bytes) -> bytes:
    pad = b"\0" if len(data) % 2 else b""
    return tag + struct.pack("<I", len(data)) + data + pad


def _list(kind: bytes, *chunks: bytes) -> bytes:
    return _chunk(b"LIST", kind + b"".join(chunks))


def _name(text: str) -> bytes:
    return text.encode("ascii")[:19].ljust(20, b"\0")


def sine_soundfont() -> bytes:
    """Return the bytes of a valid ``.sf2`` that plays a sine wave on every key of preset 0, bank 0."""
    period = SAMPLE_RATE // 440
    n = 40 * period
    wave = (0.5 * 32767 * np.sin(2 * np.pi * np.arange(n) / period)).astype("<i2").tobytes()
    smpl = wave + b"\0" * (46 * 2)  # 46 zero samples must follow each sample
    info = _list(b"INFO", _chunk(b"ifil", struct.pack("<HH", 2, 1)), _chunk(b"isng", b"EMU8000\0"),
                 _chunk(b"INAM", b"composer test sine\0\0"))
    sdta = _list(b"sdta", _chunk(b"smpl", smpl))
    phdr = (_name("Sine") + struct.pack("<HHHIII", 0, 0, 0, 0, 0, 0)
            + _name("EOP") + struct.pack("<HHHIII", 0, 0, 1, 0, 0, 0))
    pbag = struct.pack("<HH", 0, 0) + struct.pack("<HH", 1, 0)
    pmod = b"\0" * 10
    pgen = struct.pack("<HH", 41, 0) + struct.pack("<HH", 0, 0)  # instrument 0
    inst = _name("Sine") + struct.pack("<H", 0) + _name("EOI") + struct.pack("<H", 1)
    ibag = struct.pack("<HH", 0, 0) + struct.pack("<HH", 2, 0)
    imod = b"\0" * 10
    igen = (struct.pack("<HH", 54, 1)  # sampleModes: loop continuously
            + struct.pack("<HH", 53, 0)  # sampleID 0 (last generator of the zone)
            + struct.pack("<HH", 0, 0))
    loop_start, loop_end = 10 * period, 30 * period
    shdr = (_name("sine") + struct.pack("<IIIIIBbHH", 0, n, loop_start, loop_end, SAMPLE_RATE, ROOT_KEY, 0, 0, 1)
            + _name("EOS") + struct.pack("<IIIIIBbHH", 0, 0, 0, 0, 0, 0, 0, 0, 0))
    pdta = _list(b"pdta", _chunk(b"phdr", phdr), _chunk(b"pbag", pbag), _chunk(b"pmod", pmod),
                 _chunk(b"pgen", pgen), _chunk(b"inst", inst), _chunk(b"ibag", ibag), _chunk(b"imod", imod),
                 _chunk(b"igen", igen), _chunk(b"shdr", shdr))
    body = b"sfbk" + info + sdta + pdta
    return b"RIFF" + struct.pack("<I", len(body)) + body
