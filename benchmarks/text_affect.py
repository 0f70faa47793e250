"""Text -> affect on EmoBank's development split: Pearson r per sentence, valence and arousal.

Usage: ``python benchmarks/text_affect.py [PATH/TO/emobank]`` (default ``../shared/data/emobank``
beside the checkout, or ``/work/shared/data/emobank``). Reads only ``dev.csv``; the shipped
model was trained on ``train.csv`` (python -m composer.story.reading.train) and is never evaluated there.

Prints, for each estimator: r(valence), r(arousal), and the time per sentence. Reference
figures from the data set's README (held-out data): VADER compound vs valence ~0.46; simple
arousal cues ~0.20-0.32; ridge over word/char n-grams ~0.55 valence, ~0.40 arousal.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.story.reading.lexicon_estimator import TextAffectEstimator, vader_analyzer  # noqa: E402
from composer.story.reading.model import ModelAffectEstimator  # noqa: E402
from composer.story.reading.train import read_emobank  # noqa: E402


def find_data(argv: list[str]) -> Path:
    candidates = [Path(argv[1])] if len(argv) > 1 else [ROOT.parent / "shared" / "data" / "emobank",
                                                        Path("/work/shared/data/emobank")]
    for c in candidates:
        if (c / "dev.csv").is_file():
            return c
    raise SystemExit(f"EmoBank dev.csv not found in {', '.join(map(str, candidates))}")


def r(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def main() -> None:
    data = find_data(sys.argv)
    texts, y = read_emobank(data / "dev.csv")
    vader = vader_analyzer()
    lexicon = TextAffectEstimator()
    model = ModelAffectEstimator()
    rows = []

    t0 = time.perf_counter()
    compound = np.array([vader.polarity_scores(t)["compound"] for t in texts])
    t_vader = time.perf_counter() - t0
    rows.append(("VADER compound (valence) / |compound| (arousal)", r(compound, y[:, 0]), r(np.abs(compound), y[:, 1]), t_vader))

    for name, est in (("lexicon + intensity cues (TextAffectEstimator)", lexicon),
                      ("ridge model, shipped (ModelAffectEstimator, default)", model)):
        t0 = time.perf_counter()
        pred = np.array([[a.valence, a.arousal] for a in map(est, texts)])
        dt = time.perf_counter() - t0
        rows.append((name, r(pred[:, 0], y[:, 0]), r(pred[:, 1], y[:, 1]), dt))

    print(f"EmoBank dev: {len(texts)} sentences ({data / 'dev.csv'})")
    print(f"{'estimator':56} {'r valence':>9} {'r arousal':>9} {'us/sent':>8}")
    for name, rv, ra, dt in rows:
        print(f"{name:56} {rv:9.3f} {ra:9.3f} {dt / len(texts) * 1e6:8.0f}")
    print("reference (README): VADER ~0.46 valence; cues ~0.20-0.32 arousal; n-gram ridge ~0.55 / ~0.40")
    info = model.model.info
    print("shipped model: " + ", ".join(f"{k}={v}" for k, v in info.items() if k.startswith(("cv_", "lambda", "ngrams"))))


if __name__ == "__main__":
    main()
