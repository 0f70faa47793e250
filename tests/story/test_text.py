"""Reading stories safely and splitting them into scenes and sentences."""

from __future__ import annotations

import pytest

from composer.errors import StoryError
from composer.story.reading.text import iter_lines, iter_scenes, split_sentences, words


def labels(text, **kw):
    return [s.label for s in iter_scenes(text, **kw)]


def test_markdown_headings_markers_and_plain_headings_cut_scenes():
    text = ("# Dawn\nBirds sang.\n\n## Noon\nThe sun burned.\n\n---\n\nA cloud passed.\n\n"
            "CHAPTER III. The Storm\n\nRain fell.\n\n* * *\n\nIt cleared.\n\nPrologue\n\nOnce upon a time.")
    scenes = list(iter_scenes(text, target_words=None))
    assert [s.label for s in scenes] == ["Dawn", "Noon", "Scene 3", "CHAPTER III. The Storm", "Scene 5", "Prologue"]
    assert [s.text for s in scenes][:3] == ["Birds sang.", "The sun burned.", "A cloud passed."]
    assert scenes[0].line == 2 and scenes[2].line == 9


def test_sentences_that_start_like_headings_are_not_headings():
    text = "Part of me was afraid.\n\nScene after scene passed by.\n\nChapter and verse, he said."
    assert labels(text, target_words=0) == ["Scene 1", "Scene 2", "Scene 3"]


def test_paragraphs_group_into_scenes_of_the_target_size():
    para = " ".join(["word"] * 40)
    text = "\n\n".join([para] * 10)
    scenes = list(iter_scenes(text, target_words=100))
    assert [s.words for s in scenes] == [120, 120, 120, 40]
    assert len(list(iter_scenes(text, target_words=0))) == 10
    assert len(list(iter_scenes(text, target_words=None))) == 1


def test_long_chapters_are_cut_and_labelled_in_parts():
    body = "\n\n".join(" ".join(["word"] * 50) for _ in range(5))
    assert labels("# Storm\n" + body, target_words=100) == ["Storm", "Storm (2)", "Storm (3)"]


def test_a_huge_paragraph_is_cut_at_sentence_ends():
    text = " ".join(["This sentence has exactly six words."] * 100)
    scenes = list(iter_scenes(text, target_words=None, max_words=50))
    assert all(s.words <= 50 for s in scenes) and sum(s.words for s in scenes) == 600
    assert all(s.text.endswith(".") for s in scenes)


def test_empty_and_heading_only_texts_have_no_scenes():
    assert labels("") == []
    assert labels("\n\n   \n") == []
    assert labels("# A\n# B\n---\n") == []


def test_bad_options_are_errors():
    with pytest.raises(StoryError):
        list(iter_scenes("x", target_words=-1))
    with pytest.raises(StoryError):
        list(iter_scenes("x", max_words=0))


def test_sentences_and_words():
    assert split_sentences("Dr. Who ran. Stop!! Really?! Yes… no.") == ["Dr. Who ran.", "Stop!!", "Really?!", "Yes…", "no."]
    assert split_sentences("J. R. R. Tolkien wrote it. Then he slept.") == ["J. R. R. Tolkien wrote it.", "Then he slept."]
    assert split_sentences("  ") == []
    assert words("It's a well-known 42-year-old fact — café!") == ["It's", "a", "well-known", "year-old", "fact", "café"]


def test_files_are_read_lazily_and_checked(tmp_path):
    p = tmp_path / "story.md"
    p.write_bytes("\ufeff# Title\r\nHello there.\r\n".encode("utf-8"))
    assert list(iter_lines(p)) == ["# Title", "Hello there."]
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    with pytest.raises(StoryError, match=r"not UTF-8 text \(invalid byte 0xe9 at byte 3\)"):
        list(iter_lines(bad))
    binary = tmp_path / "image.png"
    binary.write_bytes(b"PNG header\n\x00\x00\x01\x02")
    with pytest.raises(StoryError, match="binary file"):
        list(iter_lines(binary))
    with pytest.raises(StoryError, match="cannot read story"):
        list(iter_lines(tmp_path / "missing.txt"))
    with pytest.raises(StoryError, match="not UTF-8"):
        list(iter_lines(b"\xff\xfe"))
    with pytest.raises(StoryError):
        list(iter_lines(12))  # type: ignore[arg-type]
