"""Scenes cut where the emotion changes: the exact optimum, the minimum length, titles, the calm -> storm story."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.errors import StoryError
from composer.story import story_plan
from composer.story.reading.segment import change_points
from composer.story.reading.text import iter_scenes

STORM = """The Storm at Miller's Pond

The morning was quiet on the farm. Mist lay over the pond and the cows grazed slowly in the wet grass. \
Old Tom sat on the porch with his tea, listening to the soft hum of the bees. Nothing moved but the reeds in the gentle breeze.

At noon his grandchildren arrived, laughing and shouting with delight. They ran to hug him and danced around the garden. \
Everyone sang, ate warm bread with honey and cheered as the little dog did tricks. It was the happiest day of the summer.

Late in the afternoon the sky turned a strange yellow. The birds fell silent. Tom frowned and watched the clouds \
gathering in the west. Something felt wrong, and the children went quiet and uneasy.

Then the storm struck. Lightning split the old oak and thunder shook the house! The children screamed as the wind \
tore the roof away. Tom shouted for them to run, terrified, as hail smashed the windows and the barn burst into flames!
"""

UNIFORM = """The afternoon was warm and slow. Grandmother sat by the window knitting a blue scarf, and the cat slept \
in a patch of sun on the rug.

Outside, the garden hummed with bees. The roses had opened overnight and their scent drifted through the open door. \
A kettle ticked softly on the stove.

Later she poured tea into two cups and set out a plate of biscuits. Her grandson read quietly beside her, turning the \
pages slowly, and neither of them felt any need to speak.
"""


def _cost(x: np.ndarray, cuts: list[int], ends: np.ndarray, penalty: float, discount: float) -> float:
    total = 0.0
    for a, b in zip([0] + cuts, cuts + [len(x)]):
        seg = x[a:b]
        total += float(((seg - seg.mean(axis=0)) ** 2).sum())
    return total + sum(penalty * (discount if ends[c - 1] else 1.0) for c in cuts)


def _brute_force(x, w, ends, penalty, min_words, discount=0.5):
    """Every partition of a short run, the cheapest that keeps every scene at min_words or more."""
    n = len(x)
    best = None
    for k in range(n):
        for cuts in itertools.combinations(range(1, n), k):
            bounds = [0, *cuts, n]
            if k and any(w[a:b].sum() < min_words for a, b in zip(bounds, bounds[1:])):
                continue
            c = _cost(x, list(cuts), ends, penalty, discount)
            if best is None or c < best - 1e-9:
                best = c
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=n, max_size=n),
    st.lists(st.integers(1, 30), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n))),
    st.floats(0, 3), st.integers(1, 60))
def test_change_points_are_the_exact_optimum_and_keep_the_minimum(data, penalty, min_words):
    values, counts, ends = (np.array(d) for d in data)
    values = values.reshape(-1, 2).astype(float)
    cuts = change_points(values, counts, ends, penalty=penalty, min_words=min_words)
    assert cuts == sorted(set(cuts)) and all(0 < c < len(values) for c in cuts)
    bounds = [0, *cuts, len(values)]
    if cuts:
        assert all(counts[a:b].sum() >= min_words for a, b in zip(bounds, bounds[1:]))
    assert _cost(values, cuts, ends, penalty, 0.5) == pytest.approx(_brute_force(values, counts, ends, penalty, min_words),
                                                                    abs=1e-9)


def test_bad_arguments_are_named():
    with pytest.raises(StoryError, match="change_penalty"):
        change_points(np.zeros((3, 2)), np.ones(3), penalty=-1)
    with pytest.raises(StoryError, match="min_scene_words"):
        change_points(np.zeros((3, 2)), np.ones(3), min_words=0)
    with pytest.raises(StoryError, match="shape"):
        change_points(np.zeros((3, 3)), np.ones(3))
    with pytest.raises(StoryError, match="did you mean 'heading'"):
        story_plan(STORM, scenes="headings")


def test_a_title_line_names_the_next_scene_instead_of_becoming_one():
    scenes = list(iter_scenes(STORM, target_words=0))
    assert scenes[0].label == "The Storm at Miller's Pond" and scenes[0].text.startswith("The morning")
    assert all(s.words >= 30 for s in scenes)
    # a story that is only one short line is its text, not a title
    (only,) = iter_scenes("Hello there")
    assert only.text == "Hello there"


def test_the_calm_to_storm_story_is_cut_where_it_turns():
    plan = story_plan(STORM)
    assert len(plan) >= 3
    assert plan.scenes[0].excerpt.startswith("The morning") and plan.scenes[-1].excerpt.startswith("Then the storm")
    assert all(s.words >= 30 for s in plan.scenes)
    first, last = plan.scenes[0].smoothed, plan.scenes[-1].smoothed
    assert last.arousal > first.arousal + 0.5 and last.valence < first.valence


def test_a_story_of_one_mood_is_one_scene():
    assert len(story_plan(UNIFORM)) == 1
    assert len(story_plan(STORM, scenes="heading")) == 1
    assert len(story_plan(STORM, scenes="paragraph", target_words=0)) == 4


def test_the_penalty_and_the_minimum_are_the_users():
    assert len(story_plan(STORM, change_penalty=100.0)) == 1
    assert len(story_plan(STORM, min_scene_words=500)) == 1
    many = story_plan(STORM, change_penalty=0.0, min_scene_words=1)
    assert len(many) > len(story_plan(STORM))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([
    "The lake was still.", "She slept peacefully.", "Thunder shook the house!", "They screamed and ran!",
    "Everyone laughed and sang.", "He wept at the grave.", "", "# Part", "---", "A quiet title"]), max_size=30),
    st.integers(1, 40))
def test_no_scene_cut_by_emotion_is_shorter_than_the_minimum(lines, min_words):
    text = "\n".join(line if line.startswith(("#", "-")) else line + "\n" for line in lines)
    stretches = [s.words for s in iter_scenes(text, target_words=None)]
    plan = story_plan(text, min_scene_words=min_words)
    assert sum(s.words for s in plan.scenes) == sum(stretches)
    # a scene may be shorter than the minimum only when its whole stretch (between headings) is
    short = [s.words for s in plan.scenes if s.words < min_words]
    assert len(short) <= sum(1 for w in stretches if w < 2 * min_words)
    assert all(s.duration >= 10.0 for s in plan)


def test_a_scene_that_builds_steadily_is_split_so_the_music_steps_with_it():
    from composer.story.reading.segment import builds

    # ten sentences of six words whose arousal climbs by 0.15 a sentence: no single jump pays a cut
    sentences = [f"Sentence number {k} goes on here." for k in range(10)]
    level = {s: (0.0, -0.7 + 0.15 * k) for k, s in enumerate(sentences)}

    def ramp(text: str):  # a sentence's level; a scene's is the mean of its sentences'
        from composer.story.reading.text import split_sentences

        return tuple(np.mean([level[t] for t in split_sentences(text)], axis=0))

    values = np.array([level[s] for s in sentences])
    assert change_points(values, np.full(10, 6), penalty=1.5, min_words=15) == []
    assert builds(values) and not builds(values[::-1] * 0 + 0.3)
    plan = story_plan(" ".join(sentences), estimator=ramp, min_scene_words=15, stretch=False)
    assert len(plan) >= 2 and all(s.words >= 15 for s in plan.scenes)
    arousal = [s.raw.arousal for s in plan.scenes]
    assert arousal == sorted(arousal) and arousal[-1] - arousal[0] > 0.5
    # the same sentences shuffled do not build: one scene
    shuffled = [sentences[k] for k in (3, 8, 0, 6, 1, 9, 4, 2, 7, 5)]
    assert len(story_plan(" ".join(shuffled), estimator=ramp, min_scene_words=15, stretch=False)) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=1, max_size=20))
def test_builds_ignores_order_free_noise_and_flat_runs(values):
    from composer.story.reading.segment import builds

    x = np.array(values).reshape(-1, 2)
    assert not builds(np.zeros_like(x) + x.mean(axis=0))
    assert builds(x) == builds(x[::-1])  # a fall is a build as much as a rise


def test_a_turn_inside_a_paragraph_cuts_it_and_paragraphs_of_one_mood_merge():
    calm = ["The lake lay still under the moon.", "A heron waited in the reeds.", "The village slept on softly.",
            "Smoke curled from a chimney.", "An owl called once, far away."]
    storm = ["Then thunder cracked across the sky!", "Lightning struck the old mill!", "People ran screaming into the rain!",
             "The river burst its banks!", "Boats smashed against the bridge!"]
    plan = story_plan(" ".join(calm + storm), min_scene_words=20)  # one paragraph
    assert len(plan) == 2 and plan.scenes[1].excerpt.startswith("Then thunder")
    assert plan.scenes[1].smoothed.arousal > plan.scenes[0].smoothed.arousal + 0.5
    merged = story_plan(" ".join(calm[:3]) + "\n\n" + " ".join(calm[3:]) + "\n\n" + " ".join(storm), min_scene_words=20)
    assert len(merged) == 2 and merged.scenes[0].words == sum(len(s.split()) for s in calm)
