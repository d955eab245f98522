"""A copy stands out among the reports of its event.

Independent reports of one event are about equally close to one another: they name the
same people, places and figures, and each adds its own. A report written from another
one (a news story rewritten from a press release, a wire text reworded) keeps far more
of its source's words than of any third report of the event. So a pair the pairwise
decision left open is one text when its content-word Jaccard is MARGIN times each
side's Jaccard with the closest third report of the same event (the margin criterion
of bitext mining, Artetxe and Schwenk 2019, applied to whole reports).

The third report is what makes the comparison: two reports that have only each other
(the only coverage of a small event) are each other's closest whatever they are, so a
side without a third report at COHORT_FLOOR or more is not judged here. The third
reports are those either report of the pair was compared with (detect.py), so the
verdict is the same whichever of the two arrived first; copies of either are none (they
would mask their origin).

Measured on realnews (reports of one event, third reports in the store): copy pairs
reach 2.6-4.1, independent pairs at most 1.6. ECB+ (every report of a sub-topic in the
cohort) has independent pairs up to 2.47 in its tuning half (two reports that share 23-24%
of their 5-word runs), and a held-out one reached 2.23 in a detect_copies run, where the
cohort is the candidates only; MARGIN sits above them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsdesk.copies.verify import overlap

# A pair shares at least this much of its content-word stems (Jaccard): well above what
# two reports of different stories share, and where independent reports of one event
# start (realnews: up to 0.40); the margin decides from here.
MIN_JACCARD = 0.3
# A third report belongs to the event when it shares this much with the side it is
# compared with (reports of other events in the same store share 0.05-0.10).
COHORT_FLOOR = 0.15
# The pair's Jaccard over each side's closest third report: above the independent
# pairs of ECB+'s tuning half (2.47), below realnews' copy pairs (2.6 and up).
MARGIN = 2.5


@dataclass(frozen=True, slots=True)
class CohortVerdict:
    linked: bool
    margin: float  # the smaller of the two sides' margins (0: a side has no third report)
    evidence: dict[str, Any]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted unique hash arrays (verify's measure, so a pair's side and
    its third reports' sides are measured alike)."""
    return overlap(a, b)[1]


def stands_out(pair: float, third_a: Sequence[float], third_b: Sequence[float]) -> CohortVerdict:
    """Decide a pair from its Jaccard and each side's Jaccards with third reports."""
    margins = []
    for thirds in (third_a, third_b):
        best = max(thirds, default=0.0)
        margins.append(pair / best if best >= COHORT_FLOOR else 0.0)
    margin = min(margins)
    evidence = {"cohort_jaccard": round(pair, 3),
                "cohort_best_third": [round(max(t, default=0.0), 3) for t in (third_a, third_b)],
                "cohort_margin": round(margin, 3)}
    return CohortVerdict(pair >= MIN_JACCARD and margin >= MARGIN, margin, evidence)
