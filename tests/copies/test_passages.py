from __future__ import annotations

import difflib
import random

from newsdesk.copies.passages import Words, long_matching_blocks, passage_text, shared_passages
from newsdesk.copies.verify import Doc, verify

from .conftest import make_article

# A fictional wire story, one sentence per line (14 sentences, ~300 words).
STORY = [
    "Crews in the harbour town of Velmora began lifting the first steel sections of the "
    "collapsed Aster footbridge on Monday, four days after a barge struck one of its piers.",
    "The port authority said two cranes would work through the night so that the inner "
    "channel could reopen to fishing boats by the end of the week.",
    "Engineers found that the pier had shifted nearly half a metre when the barge hit it "
    "shortly after midnight on Thursday.",
    "Nobody was on the footbridge at the time, but a night watchman on the quay was treated "
    "for minor injuries after debris fell onto the pier road.",
    "The barge's owner, a gravel company based upriver, has not commented on the cause of the "
    "accident and referred questions to its insurer.",
    "Local merchants say the closure has cut the number of visitors to the old market by "
    "more than a third during the busiest weeks of the season.",
    "The town council voted on Saturday to open a temporary ferry between the two quays, "
    "running every twenty minutes from early morning until late evening.",
    "A first estimate puts the cost of a new footbridge at eleven million euros, which the "
    "regional government has promised to share with the town.",
    "Divers will inspect the remaining piers later this month before the council decides "
    "whether the old stone foundations can carry a new deck.",
    "The footbridge, opened in 1911, was listed as a protected monument in the 1980s and "
    "had been restored only three years ago.",
    "Residents gathered on the quay on Sunday evening to watch the last lights of the old "
    "span being taken down by volunteers from the rowing club.",
    "The harbour master said traffic on the outer channel had not been affected and that "
    "cargo ships continued to call at the deep-water berths.",
    "Police have asked anyone who filmed the collision from the quay to send the footage to "
    "the investigators at the regional maritime office.",
    "A public meeting about the design of the new footbridge is planned for next month in "
    "the assembly hall of the town's secondary school.",
]


def _doc(text: str, outlet: str) -> Doc:
    return Doc.from_article(make_article(text, outlet=outlet))


def test_passages_overlapping_windows_share_in_order_runs() -> None:
    first = "\n".join(STORY[0:9])
    second = "\n".join(STORY[5:14])
    shared = shared_passages(Words.from_text(first), Words.from_text(second))
    assert shared.longest >= 60  # the four overlapping sentences, one unbroken run
    assert shared.share >= 0.3
    p = shared.passages[0]
    words = Words.from_text(first)
    assert passage_text(first, words, p.a, p.size).startswith("Local merchants say")


def test_passages_windowed_copy_is_linked_at_every_overlap() -> None:
    # Two windows cut from one long article, overlapping by 8, 6 and 5 of their 9 lines.
    for start in (1, 3, 4):
        first = _doc("\n".join(STORY[0:9]), "wire.example")
        second = _doc("\n".join(STORY[start:start + 9]) + "\nRead more on our site.",
                      "reprint.example")
        verdict = verify(second, first, None)
        assert verdict.method in ("near_duplicate", "excerpt"), (start, verdict.evidence)


def test_passages_shared_quote_is_not_a_shared_passage() -> None:
    quote = ("\u201cWe will rebuild the footbridge stone by stone and it will be open again "
             "before the next summer season begins in the old harbour,\u201d the mayor said.")
    one = _doc("\n".join([STORY[0], quote, STORY[5], STORY[9]]), "one.example")
    other = _doc("\n".join([
        "The mayor of Velmora promised on Monday that the town would not lose its landmark.",
        quote,
        "Shopkeepers at the old market were less confident, saying that every week without "
        "the bridge cost them customers they might never see again.",
        "A temporary ferry is to run between the quays while the debris is cleared away."]),
        "other.example")
    shared = shared_passages(one.words, other.words)
    assert shared.passages and shared.shared == 0  # the run is all inside the quotes
    assert verify(one, other, None).method is None


# A fictional agency photo caption, printed word for word by every outlet that buys it.
CAPTION = ("VELMORA - MARCH 4: Crews lift a steel section of the collapsed Aster footbridge "
           "from the inner channel of the harbour on Monday in Velmora. The footbridge was "
           "struck by a gravel barge shortly after midnight on Thursday and two of its spans "
           "fell into the water. (Photo by Jana Olsen/Getty Images)")


def test_passages_shared_photo_caption_is_not_a_shared_passage() -> None:
    one = _doc("\n".join([STORY[0], CAPTION, STORY[2], STORY[5], STORY[9]]), "one.example")
    other = _doc("\n".join([
        "The mayor of Velmora promised on Monday that the town would not lose its landmark.",
        CAPTION.replace(" (Photo by Jana Olsen/Getty Images)", " (Jana Olsen)"),
        "Shopkeepers at the old market were less confident, saying that every week without "
        "the bridge cost them customers they might never see again.",
        "A temporary ferry is to run between the quays while the debris is cleared away, "
        "the council said after a meeting that lasted late into the night."]),
        "other.example")
    shared = shared_passages(one.words, other.words)
    assert shared.longest == 0 and shared.passages  # the run is all in the caption
    assert verify(one, other, None).method is None



# A later version of the story (fictional): a new headline, the earlier version's lead
# kept word for word, everything after it rewritten and moved on.
WRITE_THROUGH = [
    "Velmora reopens inner channel",
    STORY[0],
    "By Friday two cranes working around the clock had cleared the last of the wreckage, "
    "and fishing boats were moving through the inner channel again.",
    "Investigators now believe the pier gave way because it had been weakened by a winter "
    "of storms, according to a preliminary report seen by the local paper.",
    "The gravel company that owns the barge said on Thursday it would pay for the removal "
    "of the debris but denied that its skipper had been at fault.",
    "Traders at the old market said customers had begun to return since the council put "
    "on a ferry between the quays, though trade remained well below normal.",
    "The regional government confirmed that it would carry half of the cost of a new "
    "crossing and said a design competition would open in the summer.",
]
# A background paragraph (fictional) both independent reports take from an agency feed.
BACKGROUND = ("The Aster footbridge, which carried some four thousand pedestrians a day "
              "between the fish market and the old town, was designed by the engineer who "
              "also built the lighthouse at the mouth of the harbour.")


def test_passages_write_through_keeping_the_lead_is_an_excerpt() -> None:
    earlier = _doc("\n".join(STORY[0:8]), "wire.example")
    later = _doc("\n".join(WRITE_THROUGH), "station.example")
    verdict = verify(later, earlier, None)
    assert verdict.method == "excerpt", verdict.evidence
    assert verdict.evidence["opening_passage"] >= 25
    assert verdict.evidence["passage_share"] < 0.3  # one passage: the share rule alone misses it


def test_passages_shared_background_lower_down_is_no_copy() -> None:
    # Two reports written apart that both reprint one long agency background paragraph
    # below their own leads: a long shared run, but no shared opening.
    one = _doc("\n".join([STORY[0], STORY[2], STORY[4], BACKGROUND, STORY[6], STORY[7]]),
               "one.example")
    other = _doc("\n".join([*WRITE_THROUGH[2:5], BACKGROUND, *WRITE_THROUGH[5:]]),
                 "other.example")
    shared = shared_passages(one.words, other.words)
    assert shared.longest >= 30 and shared.opening(20) == 0
    assert verify(one, other, None).method is None


def test_passages_long_blocks_are_difflibs_blocks_of_that_length() -> None:
    """The pruned search keeps exactly difflib's matching blocks of min_run or more, on
    texts that share runs of every length amid common words."""
    rng = random.Random(3)
    vocab = ["the", "a", "said", "of", "police", "bridge", "on", "in", "ship", "city"] + \
            [f"w{k}" for k in range(60)]
    for _ in range(300):
        shared = [[rng.choice(vocab) for _ in range(rng.randrange(1, 16))] for _ in range(6)]
        a: list[str] = []
        b: list[str] = []
        for run in shared:
            a += [rng.choice(vocab) for _ in range(rng.randrange(0, 12))] + run
            b += [rng.choice(vocab) for _ in range(rng.randrange(0, 12))] + run
        for min_run in (1, 5, 8):
            want = [tuple(m) for m in difflib.SequenceMatcher(a=a, b=b, autojunk=False)
                    .get_matching_blocks() if m.size >= min_run]
            assert long_matching_blocks(a, b, min_run) == want
