"""Measure a Standard MIDI File from its bytes, before music21 builds anything from it.

music21 turns a note of 0x0FFFFFFF ticks (a 37-byte file) into gigabytes of score, and
reads a file cut in half as a shorter melody. :func:`scan_midi` walks the chunks and
events with no allocation beyond a few counters and reports what matters: whether the
file is whole, how many notes it holds and its longest note or silence, in quarter notes.
"""

from __future__ import annotations

__all__ = ["MidiScan", "MidiFormatError", "scan_midi"]

from dataclasses import dataclass


class MidiFormatError(ValueError):
    """A file that is not a whole Standard MIDI File; the message says what is wrong and where."""


@dataclass(frozen=True)
class MidiScan:
    """What :func:`scan_midi` measured.

    Attributes
    ----------
    format : int
        The header's format: 0 (one track), 1 (parallel tracks) or 2 (independent sequences).
    tracks : int
        Track chunks read.
    notes : int
        Note-on events with a velocity above 0, all tracks together.
    longest_quarters : float
        Longest note, or longest time between two events of one track, in quarter notes.
    """

    format: int
    tracks: int
    notes: int
    longest_quarters: float


def _varlen(data: bytes, pos: int, end: int) -> tuple[int, int]:
    value = 0
    for _ in range(4):
        if pos >= end:
            raise MidiFormatError(f"truncated: a variable-length number runs past the end of its track (byte {pos})")
        b = data[pos]
        pos += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, pos
    raise MidiFormatError(f"a variable-length number longer than 4 bytes at byte {pos}")


_DATA_BYTES = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}


def _ticks_per_quarter(division: int) -> float:
    if division & 0x8000:  # SMPTE: frames per second x ticks per frame; counted at 120 quarters a minute
        fps = 256 - (division >> 8)
        return max(1.0, fps * (division & 0xFF) / 2.0)
    if division == 0:
        raise MidiFormatError("the header's division (ticks per quarter note) is 0")
    return float(division)


def scan_midi(data: bytes) -> MidiScan:
    """Walk a Standard MIDI File and measure it.

    Parameters
    ----------
    data : bytes
        The whole file.

    Returns
    -------
    MidiScan

    Raises
    ------
    MidiFormatError
        If the file has no ``MThd`` header, is cut short (a chunk or an event runs past
        the end, or fewer tracks than the header declares), or holds a malformed event.

    Examples
    --------
    >>> head = b"MThd" + (6).to_bytes(4, "big") + bytes([0, 0, 0, 1, 0, 96])
    >>> events = bytes([0, 0x90, 60, 64, 96, 0x80, 60, 0, 0, 0xFF, 0x2F, 0])
    >>> scan_midi(head + b"MTrk" + len(events).to_bytes(4, "big") + events)
    MidiScan(format=0, tracks=1, notes=1, longest_quarters=1.0)
    >>> scan_midi((head + b"MTrk" + len(events).to_bytes(4, "big") + events)[:24])
    Traceback (most recent call last):
    ...
    composer.models.midi_scan.MidiFormatError: truncated: track 1 declares 12 bytes, the file holds 2 more
    """
    if len(data) < 14 or data[:4] != b"MThd":
        raise MidiFormatError("not a Standard MIDI File (no 'MThd' header)")
    hlen = int.from_bytes(data[4:8], "big")
    if hlen < 6 or 8 + hlen > len(data):
        raise MidiFormatError("truncated or malformed header chunk")
    fmt = int.from_bytes(data[8:10], "big")
    if fmt not in (0, 1, 2):
        raise MidiFormatError(f"unknown MIDI format {fmt} in the header; allowed: 0, 1, 2")
    n_tracks = int.from_bytes(data[10:12], "big")
    tpq = _ticks_per_quarter(int.from_bytes(data[12:14], "big"))
    pos = 8 + hlen
    tracks = notes = 0
    longest = 0
    while pos < len(data):
        if pos + 8 > len(data):
            raise MidiFormatError(f"truncated: a chunk header is cut off at byte {pos}")
        kind, length = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "big")
        start, end = pos + 8, pos + 8 + length
        if end > len(data):
            raise MidiFormatError(f"truncated: track {tracks + 1} declares {length} bytes, "
                                  f"the file holds {len(data) - start} more")
        if kind == b"MTrk":
            tracks += 1
            n, gap = _scan_track(data, start, end)
            notes += n
            longest = max(longest, gap)
        pos = end
    if tracks < n_tracks:
        raise MidiFormatError(f"truncated: the header declares {n_tracks} tracks, the file holds {tracks}")
    return MidiScan(fmt, tracks, notes, longest / tpq)


def _scan_track(data: bytes, pos: int, end: int) -> tuple[int, int]:
    """Notes and the longest note or inter-event gap (ticks) of one track chunk."""
    now = notes = longest = 0
    status = 0
    sounding: dict[tuple[int, int], int] = {}  # (channel, key) -> start tick
    while pos < end:
        delta, pos = _varlen(data, pos, end)
        longest = max(longest, delta)
        now += delta
        if pos >= end:
            raise MidiFormatError(f"truncated: an event is cut off at byte {pos}")
        b = data[pos]
        if b == 0xFF:  # meta event
            if pos + 2 > end:
                raise MidiFormatError(f"truncated: a meta event is cut off at byte {pos}")
            length, pos = _varlen(data, pos + 2, end)
            pos += length
            continue
        if b in (0xF0, 0xF7):  # system exclusive
            length, pos = _varlen(data, pos + 1, end)
            pos += length
            continue
        if b & 0x80:
            status = b
            pos += 1
        elif not status:
            raise MidiFormatError(f"a data byte with no running status at byte {pos}")
        kind, channel = status & 0xF0, status & 0x0F
        size = _DATA_BYTES.get(kind)
        if size is None:
            raise MidiFormatError(f"unknown status byte 0x{status:02X} at byte {pos}")
        if pos + size > end:
            raise MidiFormatError(f"truncated: an event is cut off at byte {pos}")
        if kind in (0x80, 0x90):
            key, velocity = data[pos], data[pos + 1]
            if kind == 0x90 and velocity > 0:
                notes += 1
                sounding.setdefault((channel, key), now)
            else:
                began = sounding.pop((channel, key), None)
                if began is not None:
                    longest = max(longest, now - began)
        pos += size
    if pos > end:
        raise MidiFormatError("truncated: the last event runs past the end of its track")
    for began in sounding.values():  # notes never released last to the end of the track
        longest = max(longest, now - began)
    return notes, longest
