"""Story matching's stop words: scikit-learn's list, without importing scikit-learn."""

from __future__ import annotations

import subprocess
import sys

from newsdesk.stories.stopwords import ENGLISH_STOP_WORDS


def test_stop_words_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN

    assert ENGLISH_STOP_WORDS == SKLEARN


def test_content_words_and_features_import_no_scikit_learn_or_parser() -> None:
    # An analyze run with new articles paid about a CPU-second for the import of
    # scikit-learn (and scipy.stats) and half a second for loading a spaCy pipeline that
    # then parsed nothing (issue 16).
    code = ("import sys\n"
            "from newsdesk.stories.text import content_words\n"
            "from newsdesk.stories.entities import extract_entities\n"
            "assert content_words('The harbour bridge reopened on Monday') == "
            "{'harbour': 1, 'bridge': 1, 'reopened': 1, 'monday': 1}\n"
            "assert extract_entities([]) == []\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'spacy')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
