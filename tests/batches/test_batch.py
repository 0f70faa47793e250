"""``composer.batch`` and ``composer batch``: one folder per job, a manifest that is a labelled
dataset, resumable, failures recorded, the same music whatever the workers and the order."""

from __future__ import annotations

import errno
import json
import tempfile
from pathlib import Path

import numpy as np
import pytest

import composer
from composer.analysis import note_array
from composer.batches import MANIFEST, Job, batch, read_jobs, read_manifest
from composer.batches.run import _in_process
from composer.cli import main
from composer.errors import BatchError, LimitError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CSV = """id,valence,arousal,bars,style,seed,formats
calm,0.6,-0.6,4,default,1,mid;abc
tense,-0.7,0.8,4,default,2,mid
bad,1.5,0,4,,,mid
film,0.2,0.3,2,film,,mid
"""


def _jobs(tmp_path: Path, text: str = CSV, name: str = "jobs.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _checksums(rows):
    return {r["id"]: [f["sha256"] for f in r["files"]] for r in rows}


def test_each_job_gets_its_folder_and_music_that_its_row_reproduces(tmp_path):
    rows = batch(_jobs(tmp_path), tmp_path / "out")
    assert [r["id"] for r in rows] == ["calm", "tense", "bad", "film"]
    calm = rows[0]
    assert calm["error"] is None
    assert [f["path"] for f in calm["files"]] == ["calm/calm.mid", "calm/calm.abc"]
    p = calm["parameters"]
    assert (p["valence"], p["arousal"], p["bars"], p["seed"]) == (0.6, -0.6, 4, 1)
    # the manifest is a dataset: its parameters compose the very notes in the file
    again = composer.compose(p["valence"], p["arousal"], bars=p["bars"], style=p["style"], seed=p["seed"])
    read = note_array(tmp_path / "out" / "calm" / "calm.mid").notes
    np.testing.assert_array_equal(read["pitch"], again.pitches[again.pitches >= 0])
    assert calm["music"]["mode"] == again.parameters.mode
    assert calm["music"]["bars"] == 4
    # a minor, fast, tense job and a calm major one are labelled apart
    assert rows[1]["music"]["tempo"] > calm["music"]["tempo"]


def test_manifest_file_holds_the_rows_in_job_order(tmp_path):
    rows = batch(_jobs(tmp_path), tmp_path / "out")
    lines = (tmp_path / "out" / MANIFEST).read_text().splitlines()
    assert [json.loads(x) for x in lines] == rows


def test_malformed_row_is_recorded_and_the_others_run(tmp_path):
    rows = batch(_jobs(tmp_path), tmp_path / "out")
    bad = rows[2]
    assert bad["error"] == "jobs.csv:4: valence: 1.5 is outside [-1, 1]".replace("jobs.csv", str(tmp_path / "jobs.csv"))
    assert bad["files"] == [] and not (tmp_path / "out" / "bad").exists()
    assert all(r["error"] is None and r["files"] for r in rows if r["id"] != "bad")


@pytest.mark.parametrize("row, message", [
    ("x,0.1,0.1,4,default,1,mdi", "formats: 'mdi' is not a supported ending; did you mean 'midi'?"),
    ("x,0.1,,4,default,1,mid", "arousal: missing"),
    ("x,0.1,0.1,999,default,1,mid", "bars: 999 is over the limit bars"),
    ("x,0.1,0.1,4,default,-3,mid", "seed"),
    ("../up,0.1,0.1,4,default,1,mid", "id: '../up' must be"),
])
def test_row_errors_name_line_key_and_allowed_values(tmp_path, row, message):
    jobs = read_jobs(_jobs(tmp_path, CSV.splitlines()[0] + "\n" + row + "\n"))
    assert jobs[0].error.startswith(f"{tmp_path / 'jobs.csv'}:2: ")
    assert message in jobs[0].error


def test_unknown_column_gets_a_did_you_mean(tmp_path):
    jobs = read_jobs(_jobs(tmp_path, "id,valance,arousal\na,0.1,0.2\n"))
    assert "unknown key 'valance'; did you mean 'valence'?" in jobs[0].error


def test_yaml_jobs_with_a_cue_sheet_and_a_story(tmp_path):
    text = f"""jobs:
  - {{id: point, valence: 0.3, arousal: 0.1, bars: 2}}
  - {{id: cues, cues: {EXAMPLES / 'lighthouse.yaml'}, bars: 2, formats: [mid]}}
  - {{id: story, story: {EXAMPLES / 'lion_and_mouse.md'}, bars: 2}}
  - {{id: nothing, cues: missing.yaml}}
"""
    rows = batch(_jobs(tmp_path, text, "jobs.yaml"), tmp_path / "out")
    assert [r["error"] is None for r in rows] == [True, True, True, False]
    assert "missing.yaml" in rows[3]["error"]
    cues = note_array(tmp_path / "out" / "cues" / "cues.mid")
    assert len(cues.tempi) > 1  # the cue sheet's tempo changes reach the file
    again = composer.score_cues(EXAMPLES / "lighthouse.yaml", bars=2, seed=rows[1]["parameters"]["seed"])
    assert (rows[1]["music"]["bars"], rows[1]["music"]["notes"]) == (again.bars, again.n_notes)
    np.testing.assert_array_equal(note_array(again).notes["pitch"], cues.notes["pitch"])


def test_same_files_whatever_the_workers_and_the_order(tmp_path):
    one = batch(_jobs(tmp_path), tmp_path / "one", workers=1)
    two = batch(_jobs(tmp_path), tmp_path / "two", workers=2)
    jobs = read_jobs(tmp_path / "jobs.csv")
    backwards = batch(list(reversed(jobs)), tmp_path / "back")
    assert _checksums(one) == _checksums(two) == _checksums(backwards)
    assert [r["id"] for r in two] == [r["id"] for r in one]


def test_job_seeds_come_from_the_batch_seed_and_the_id(tmp_path):
    rows = {r["id"]: r for r in batch(_jobs(tmp_path), tmp_path / "out", seed=5)}
    assert rows["calm"]["parameters"]["seed"] == 1  # given
    other = {r["id"]: r for r in batch(_jobs(tmp_path), tmp_path / "out6", seed=6)}
    assert rows["film"]["parameters"]["seed"] != other["film"]["parameters"]["seed"]


def test_resume_runs_only_what_is_missing_or_damaged(tmp_path):
    out = tmp_path / "out"
    first = batch(_jobs(tmp_path), out)
    (out / "calm" / "calm.abc").write_text("damaged")
    ran: list[str] = []

    def counting(todo, folder, workers):
        ran.extend(j.id for j in todo)
        yield from _in_process(todo, folder, workers)

    second = batch(_jobs(tmp_path), out, executor=counting)
    assert ran == ["calm", "bad"]  # the damaged job and the malformed row; tense and film are kept
    assert _checksums(second) == _checksums(first)
    assert second[1] == first[1]  # kept rows are kept as they were, timing included
    ran.clear()
    batch(_jobs(tmp_path), out, executor=counting, resume=False)
    assert ran == ["calm", "tense", "bad", "film"]


def test_interrupted_batch_resumes_from_its_journal(tmp_path):
    out = tmp_path / "out"

    def interrupted(todo, folder, workers):
        for i, row in enumerate(_in_process(todo, folder, workers)):
            if i == 2:
                raise KeyboardInterrupt
            yield row

    with pytest.raises(KeyboardInterrupt):
        batch(_jobs(tmp_path), out, executor=interrupted)
    assert sorted(read_manifest(out)) == ["calm", "tense"]  # the journal has the jobs that finished
    ran: list[str] = []

    def counting(todo, folder, workers):
        ran.extend(j.id for j in todo)
        yield from _in_process(todo, folder, workers)

    rows = batch(_jobs(tmp_path), out, executor=counting)
    assert ran == ["bad", "film"]
    assert _checksums(rows) == _checksums(batch(_jobs(tmp_path), tmp_path / "fresh"))


def test_torn_manifest_line_is_run_again(tmp_path):
    out = tmp_path / "out"
    batch(_jobs(tmp_path), out)
    text = (out / MANIFEST).read_text()
    (out / MANIFEST).write_text(text[: len(text) - 20])  # the last row cut by a crash
    assert sorted(read_manifest(out)) == ["bad", "calm", "tense"]


def test_read_only_output_folder_is_a_clear_error_and_the_manifest_is_kept(tmp_path, monkeypatch):
    out = tmp_path / "out"
    batch(_jobs(tmp_path), out)
    before = (out / MANIFEST).read_bytes()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(BatchError, match=r"cannot write to the output folder .*: Read-only file system; nothing was run"):
        batch(_jobs(tmp_path), out, resume=False)
    assert (out / MANIFEST).read_bytes() == before


def test_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(BatchError, match="cannot write to the output folder"):
        batch(_jobs(tmp_path), tmp_path / "out")


def test_full_disk_during_a_job_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    from composer.render import files

    real = files.stage_file

    def full(source, path, **kwargs):
        if Path(path).name == "tense.mid":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(source, path, **kwargs)

    monkeypatch.setattr(files, "stage_file", full)
    rows = {r["id"]: r for r in batch(_jobs(tmp_path), tmp_path / "out")}
    assert "No space left on device" in rows["tense"]["error"]
    assert rows["calm"]["error"] is None and rows["film"]["error"] is None
    assert not list((tmp_path / "out").rglob("*.tmp*"))


def test_bad_jobs_file_and_bad_arguments(tmp_path):
    with pytest.raises(BatchError, match="must end in .csv"):
        batch(_jobs(tmp_path, CSV, "jobs.txt"), tmp_path / "out")
    with pytest.raises(BatchError, match="no jobs"):
        batch(_jobs(tmp_path, "id,valence,arousal\n"), tmp_path / "out")
    with pytest.raises(BatchError, match="not valid YAML|YAML syntax"):
        batch(_jobs(tmp_path, "jobs: [", "jobs.yaml"), tmp_path / "out")
    with pytest.raises(LimitError, match="batch_workers"):
        batch(_jobs(tmp_path), tmp_path / "out", workers=0)
    with pytest.raises(BatchError, match="share an id"):
        batch([Job("a", "point", valence=0, arousal=0, bars=1)] * 2, tmp_path / "out")


def test_cli_runs_a_batch_and_exits_1_when_a_job_failed(tmp_path, capsys):
    code = main(["batch", str(_jobs(tmp_path)), "-o", str(tmp_path / "out"), "--workers", "2"])
    assert code == 1
    captured = capsys.readouterr()
    assert "4 jobs, 3 done, 1 failed, 4 files" in captured.out
    assert "valence: 1.5 is outside [-1, 1]" in captured.err
    good = _jobs(tmp_path, CSV.replace("bad,1.5", "bad,0.5"), "good.csv")
    assert main(["batch", str(good), "-o", str(tmp_path / "out"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["error"] for r in rows] == [None] * 4
