"""safe_read: regular files only, at most the limit read; strict JSON within the limits."""

from __future__ import annotations

import json
import os
import threading

import pytest

from composer.errors import CueSheetError, LimitError
from composer.limits import LIMITS
from composer.safe_read import read_json, read_limited


def test_reads_a_file_at_the_limit_and_refuses_one_byte_more(tmp_path):
    high = LIMITS["style_bytes"].high
    ok = tmp_path / "ok.yaml"
    ok.write_bytes(b"x" * high)
    assert len(read_limited(ok, "style_bytes", "style file", CueSheetError)) == high
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * (high + 1))
    with pytest.raises(LimitError, match="style_bytes") as info:
        read_limited(big, "style_bytes", "style file", CueSheetError)
    assert str(big) in str(info.value) and "xxx" not in str(info.value)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder", "missing"])
def test_special_files_are_refused_without_reading(tmp_path, kind):
    path = tmp_path / "f.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_limited(path, "cue_sheet_bytes", "cue sheet", CueSheetError)
        except BaseException as e:  # noqa: BLE001 - handed to the main thread
            result.append(e)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(5)
    assert not t.is_alive(), "reading blocked"
    assert isinstance(result[0], CueSheetError)
    expected = {"fifo": "FIFO", "dev_zero": "device", "folder": "folder", "missing": "no such file"}[kind]
    assert expected in str(result[0]) and "\n" not in str(result[0])


def test_json_duplicate_keys_nan_digits_and_depth():
    assert read_json('{"a": [1, 2.5, {"b": null}]}', "s.json", CueSheetError) == {"a": [1, 2.5, {"b": None}]}
    with pytest.raises(CueSheetError, match="duplicate key 'a'"):
        read_json('{"a": 1, "a": 2}', "s.json", CueSheetError)
    with pytest.raises(CueSheetError, match="NaN is not a JSON number"):
        read_json('{"a": NaN}', "s.json", CueSheetError)
    with pytest.raises(LimitError, match="number_chars"):
        read_json('{"a": ' + "9" * 5000 + "}", "s.json", CueSheetError)
    depth = LIMITS["nesting_depth"].high
    assert read_json("[" * depth + "]" * depth, "s.json", CueSheetError) == eval("[" * depth + "]" * depth)
    for n in (depth + 1, 100_000):
        with pytest.raises(LimitError, match="nesting_depth"):
            read_json("[" * n + "]" * n, "s.json", CueSheetError)
    with pytest.raises(json.JSONDecodeError):
        read_json("{", "s.json", CueSheetError)
