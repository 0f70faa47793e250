"""All-or-nothing writes: staging and committing, what may be replaced, and clean-up on SIGTERM."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest

from composer.cli import _sigterm_as_exit
from composer.errors import RenderError
from composer.render.atomic import atomic_write, check_target, commit, discard, stage


def _fill(data: bytes):
    return lambda tmp: tmp.write_bytes(data)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_overwrite_takes_only_a_bool(tmp_path):
    target = tmp_path / "a.abc"
    target.write_bytes(b"precious")
    for value in ("no", "yes", 1, None):
        with pytest.raises(RenderError, match="overwrite must be True or False"):
            atomic_write(target, _fill(b"new"), overwrite=value)  # type: ignore[arg-type]
    assert target.read_bytes() == b"precious" and _names(tmp_path) == ["a.abc"]


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "a.abc"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    atomic_write(target, _fill(b"new"), overwrite=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("dangling", [False, True])
def test_symlink_target_is_refused(tmp_path, dangling):
    real = tmp_path / "real.abc"
    if not dangling:
        real.write_bytes(b"precious")
    link = tmp_path / "link.abc"
    link.symlink_to(real)
    with pytest.raises(RenderError, match="symbolic link"):
        atomic_write(link, _fill(b"new"), overwrite=True)
    assert link.is_symlink() and real.exists() == (not dangling)
    if not dangling:
        assert real.read_bytes() == b"precious"
    assert _names(tmp_path) == sorted(["link.abc"] + ([] if dangling else ["real.abc"]))


def test_long_name_is_a_clean_error(tmp_path):
    with pytest.raises(RenderError, match="output_name_chars"):
        check_target(tmp_path / ("n" * 300 + ".mid"), overwrite=False)


def test_commit_is_all_or_nothing(tmp_path):
    first, second = tmp_path / "a.abc", tmp_path / "b.abc"
    first.write_bytes(b"old a")
    staged = [stage(first, _fill(b"new a"), overwrite=True), stage(second, _fill(b"new b"))]
    second.write_bytes(b"appeared meanwhile")  # the second target can no longer be written
    with pytest.raises(RenderError, match="exists"):
        commit(staged)
    assert first.read_bytes() == b"old a" and second.read_bytes() == b"appeared meanwhile"
    assert _names(tmp_path) == ["a.abc", "b.abc"]


def test_failed_rename_puts_replaced_files_back(tmp_path, monkeypatch):
    first, second = tmp_path / "a.abc", tmp_path / "b.abc"
    first.write_bytes(b"old a")
    staged = [stage(first, _fill(b"new a"), overwrite=True), stage(second, _fill(b"new b"))]
    real_replace = os.replace
    calls = []

    def failing_second(src, dst):
        calls.append(dst)
        if Path(dst) == second:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_second)
    with pytest.raises(RenderError, match="no output was changed"):
        commit(staged)
    monkeypatch.undo()
    assert first.read_bytes() == b"old a" and not second.exists()
    assert _names(tmp_path) == ["a.abc"]


def test_discard_removes_staged_files(tmp_path):
    staged = [stage(tmp_path / "a.abc", _fill(b"x")), stage(tmp_path / "b.abc", _fill(b"y"))]
    assert len(_names(tmp_path)) == 2  # two hidden temporary files
    discard(staged)
    assert _names(tmp_path) == []


def test_sigterm_during_a_write_leaves_no_temp_file(tmp_path):
    def killed(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(BaseException) as info, _sigterm_as_exit():
        atomic_write(tmp_path / "a.abc", killed)
    assert type(info.value).__name__ == "_Terminated"
    assert _names(tmp_path) == []


@pytest.mark.parametrize(("path", "message"), [(None, "got NoneType"), (b"x.mid", "got bytes"), (3, "got int"),
                                               ("a\0b.mid", "NUL")])
def test_paths_that_are_not_paths(c_major, tmp_path, path, message):
    with pytest.raises(RenderError, match=message):
        c_major.write(path)
