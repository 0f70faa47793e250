"""Text -> affect: EmoBank's development split per sentence (all, and its fiction), and annotated story scenes.

Usage: ``python benchmarks/text_affect.py [PATH/TO/emobank]`` (default ``../shared/data/emobank``
beside the checkout, or ``/work/shared/data/emobank``). Reads only ``dev.csv``; the shipped
model was trained on ``train.csv`` (python -m composer.story.reading.train) and is never evaluated there.

Prints, for each estimator: r(valence), r(arousal) on all dev sentences and on its fiction
sentences (documents of MASC's fiction genre, found by their EmoBank id: ``FICTION_DOCUMENTS``),
and the time per sentence. Reference figures from the data set's README (held-out data):
VADER compound vs valence ~0.46; simple arousal cues ~0.20-0.32; ridge over word/char n-grams
~0.55 valence, ~0.40 arousal.

Then the scene-level check: the stories in ``examples/lion_and_mouse.md`` and
``benchmarks/stories/`` are read scene by scene (their headings) and compared with the scene
emotions annotated in docs/story.md (the table after ``<!-- scene-annotations``): Pearson r
over all scenes per axis, and the share of clearly signed scenes (|annotation| >= 0.3) whose
estimate has the same sign; beside the shipped estimator, its plain length-weighted mean
(no intensity weighting), the lexicon estimator and VADER.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.story.reading.lexicon_estimator import TextAffectEstimator, vader_analyzer  # noqa: E402
from composer.story.reading.model import ModelAffectEstimator, dense_features  # noqa: E402
from composer.story.reading.text import iter_lines, iter_scenes  # noqa: E402
from composer.story.reading.train import read_emobank  # noqa: E402


def find_data(argv: list[str]) -> Path:
    candidates = [Path(argv[1])] if len(argv) > 1 else [ROOT.parent / "shared" / "data" / "emobank",
                                                        Path("/work/shared/data/emobank")]
    for c in candidates:
        if (c / "dev.csv").is_file():
            return c
    raise SystemExit(f"EmoBank dev.csv not found in {', '.join(map(str, candidates))}")


#: EmoBank documents from MASC's fiction genre (Nathans_Bylichka, captured_moments and lw1 are listed as
#: fiction in MASC's own documentation; The_Black_Willow and Madame_White_Snake are stories by their text).
FICTION_DOCUMENTS = ("Nathans_Bylichka", "captured_moments", "lw1", "The_Black_Willow", "Madame_White_Snake")
DOCS = ROOT / "docs" / "story.md"
STORIES = [ROOT / "examples" / "lion_and_mouse.md", *sorted((ROOT / "benchmarks" / "stories").glob("*.md"))]


def r(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def dev_ids(path: Path) -> list[str]:
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        return [row["id"] for row in csv.DictReader(f)]


def annotations() -> dict[tuple[str, str], tuple[float, float]]:
    """(story, scene) -> annotated (valence, arousal), read from the table in docs/story.md."""
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("<!-- scene-annotations"):].split("\n\n", 1)[0]
    out = {}
    for line in table.splitlines()[3:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        out[(cells[0], cells[1])] = (float(cells[2]), float(cells[3]))
    return out


def scene_check(estimators) -> None:
    truth = annotations()
    scenes = []
    for path in STORIES:
        for scene in iter_scenes(iter_lines(path), target_words=None):
            key = (path.stem, scene.label)
            if key not in truth:
                raise SystemExit(f"{path}: scene {scene.label!r} has no annotation in {DOCS}")
            scenes.append((key, scene.text))
    y = np.array([truth[k] for k, _ in scenes])
    print(f"\nscene-level agreement: {len(scenes)} annotated scenes of {len(STORIES)} stories (annotations in docs/story.md)")
    print(f"{'estimator':56} {'r valence':>9} {'r arousal':>9} {'sign v':>7} {'sign a':>7}")
    for name, est in estimators:
        pred = np.array([[a.valence, a.arousal] for a in (est(t) for _, t in scenes)])
        signs = []
        for j in range(2):
            clear = np.abs(y[:, j]) >= 0.3
            signs.append(float(np.mean(np.sign(pred[clear, j]) == np.sign(y[clear, j]))))
        print(f"{name:56} {r(pred[:, 0], y[:, 0]):9.3f} {r(pred[:, 1], y[:, 1]):9.3f} {signs[0]:7.0%} {signs[1]:7.0%}")


def composer_affect(v: float, a: float):
    from composer.affect import Affect

    return Affect(v, a)


def main() -> None:
    data = find_data(sys.argv)
    texts, y = read_emobank(data / "dev.csv")
    vader = vader_analyzer()
    lexicon = TextAffectEstimator()
    model = ModelAffectEstimator()
    rows = []
    fiction = np.array([i.startswith(FICTION_DOCUMENTS) for i in dev_ids(data / "dev.csv")])

    def figures(name: str, pred: np.ndarray, dt: float) -> None:
        rows.append((name, r(pred[:, 0], y[:, 0]), r(pred[:, 1], y[:, 1]),
                     r(pred[fiction, 0], y[fiction, 0]), r(pred[fiction, 1], y[fiction, 1]), dt))

    t0 = time.perf_counter()
    compound = np.array([vader.polarity_scores(t)["compound"] for t in texts])
    t_vader = time.perf_counter() - t0
    figures("VADER compound (valence) / |compound| (arousal)", np.stack([compound, np.abs(compound)], axis=1), t_vader)

    for name, est in (("lexicon + intensity cues (TextAffectEstimator)", lexicon),
                      ("ridge model, shipped (ModelAffectEstimator, default)", model)):
        t0 = time.perf_counter()
        pred = np.array([[a.valence, a.arousal] for a in map(est, texts)])
        dt = time.perf_counter() - t0
        figures(name, pred, dt)

    t0 = time.perf_counter()
    z = model.model.standardise(model.model.raw_predict(texts, dense_features(texts, model.lexicon_estimator)))
    figures("ridge model, calibrated z before the square (linear)", z, time.perf_counter() - t0)

    print(f"EmoBank dev: {len(texts)} sentences ({data / 'dev.csv'}), {int(fiction.sum())} of them fiction")
    print(f"{'estimator':56} {'r valence':>9} {'r arousal':>9} {'fiction v':>9} {'fiction a':>9} {'us/sent':>8}")
    for name, rv, ra, fv, fa, dt in rows:
        print(f"{name:56} {rv:9.3f} {ra:9.3f} {fv:9.3f} {fa:9.3f} {dt / len(texts) * 1e6:8.0f}")
    print("reference (README): VADER ~0.46 valence; cues ~0.20-0.32 arousal; n-gram ridge ~0.55 / ~0.40")
    info = model.model.info
    print("shipped model: " + ", ".join(f"{k}={v}" for k, v in info.items() if k.startswith(("cv_", "lambda", "ngrams"))))
    scene_check([("shipped model, intensity-weighted (default)", model),
                 ("shipped model, plain length-weighted mean", ModelAffectEstimator(intensity=0.0)),
                 ("lexicon + intensity cues (TextAffectEstimator)", lexicon),
                 ("VADER compound / |compound| over the scene",
                  lambda t: (lambda c: composer_affect(c, abs(c)))(vader.polarity_scores(" ".join(t.split()))["compound"]))])


if __name__ == "__main__":
    main()
