"""The old path of ``composer.story.reading.train``: ``python -m composer.story.train`` still trains."""

from __future__ import annotations

from composer.story.reading.train import LAMBDAS, MIN_COUNT, main, read_emobank, ridge_cg, sparse_rows, train_text_model

__all__ = ["read_emobank", "train_text_model", "ridge_cg", "sparse_rows", "LAMBDAS", "MIN_COUNT", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
