"""Unicode normalisation of article text.

Quotes, dashes and spaces come in many code points; downstream stages (copy
detection, quote extraction, claim matching) should not see the difference between
“curly” and "straight" quotes or a no-break space and a space. We keep curly quote
*direction* information out of the text on purpose: quote extraction pairs marks
itself, and two copies that differ only in quote style are the same text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import ftfy

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
        "\u2009": " ", "\u200a": " ", "\u3000": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
        "\u00ad": None,  # soft hyphen
        "\u2026": "...",
        "\r": None,
    }
)
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """Mojibake repaired, NFC, one style of quotes and dashes, no zero-width characters,
    tidy whitespace.

    ftfy undoes text decoded with the wrong charset ("â€™" → "’") and splits Latin
    ligatures ("ﬁ" → "fi"). NFC, not NFKC: compatibility folding rewrites meaning
    ("3½-mile" → "31⁄2-mile", "km²" → "km2") and makes mojibake worse. Paragraphs stay
    one per line; blank lines between them are collapsed.
    """
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False,
                         fix_line_breaks=False, explain=False)
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def text_fingerprint(text: str) -> str:
    """Hash of the text ignoring case and whitespace: equal for exact copies."""
    squashed = " ".join(text.lower().split())
    return hashlib.sha256(squashed.encode("utf-8")).hexdigest()
