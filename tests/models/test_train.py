"""Tests of ``composer train`` writing the search's models elsewhere than the shipped folder."""

from __future__ import annotations

from composer.cli import main
from composer.models import VariableOrderMarkov


def test_train_command_writes_models_to_a_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMPOSER_CACHE_DIR", str(tmp_path / "cache"))
    songs = tmp_path / "songs"
    songs.mkdir()
    tunes = [f"X:{i}\nT:t{i}\nM:4/4\nL:1/8\nK:G\n{body}|]\n" for i, body in
             enumerate(["GABc dcBA | G2B2 d4 |", "DEFG ABcd | e2d2 B4 |", "gfed cBAG | A2F2 G4 |"], start=1)]
    (songs / "t.abc").write_text("\n".join(tunes))
    manifest = tmp_path / "mine.yaml"
    manifest.write_text("name: mine\nlicence: mine\nsources:\n  - path: songs\n")
    out = tmp_path / "models"
    assert main(["train", "--corpus", str(manifest), "--out-dir", str(out), "--models", "varorder"]) == 0
    assert "varorder" in capsys.readouterr().out
    model = VariableOrderMarkov.load(out / "varorder_default.npz")
    assert model.metadata["n_melodies"] == 3
    assert main(["train", "--corpus", str(manifest), "--out-dir", str(out), "--models", "lstm"]) == 1
    assert "unknown model 'lstm'" in capsys.readouterr().err
