"""Name keys and the alias file: what makes two spellings one name.

``name_key`` is deliberately forgiving about what transliteration varies (accents,
doubled letters, hyphens, case): "Kanaani" and "Kanani" share a key. What it cannot
know (Kiev / Kyiv, demonyms) comes from the alias file, which users can extend with
the ``alias_file`` setting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jellyfish

from newsdesk.errors import ConfigError

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_DOUBLE = re.compile(r"(.)\1+")
_NON_DIGIT = re.compile(r"\D")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


def coarse_type(label: str) -> str:
    """Types that name the same kind of thing: a place may be tagged GPE or LOC."""
    return "PLACE" if label in PLACE_TYPES else label


def clean_name(text: str) -> str:
    """Strip what is not part of a name: a leading "the", a possessive, spaces."""
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", _LEADING_THE.sub("", text))
    return text.strip(" ,.;:-\"'")


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits, punctuation and hyphens as spaces."""
    if not text.isascii():  # ASCII has nothing to decompose: most names skip the loop
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = text.replace("-", " ").replace("’", "").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def token_key(token: str) -> str:
    """A word's key: doubled letters collapse (Kanaani = Kanani, Mohammad = Mohamad)."""
    return _DOUBLE.sub(r"\1", token)


@lru_cache(maxsize=200_000)  # the same names come back in every article
def name_key(text: str) -> str:
    return " ".join(token_key(t) for t in fold(clean_name(text)).split())


def same_token(a: str, b: str) -> bool:
    """Are two name words (already keyed) spellings of one word?

    Besides equal keys, a long word may differ by a transliterated vowel or letter
    (Zelenskiy / Zelensky) when its first letter and its digits agree.
    """
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5 or a[0] != b[0]:
        return False
    if _NON_DIGIT.sub("", a) != _NON_DIGIT.sub("", b):
        return False
    # "rn" typed or scanned for "m" ("Krerner" for Kremer) is read as the letter it
    # passes for before the words are compared.
    a, b = a.replace("rn", "m"), b.replace("rn", "m")
    return a == b or jellyfish.jaro_winkler_similarity(a, b) >= 0.92


@dataclass(frozen=True, slots=True)
class Alias:
    canonical: str
    type: str


class AliasTable:
    """Variant key → canonical name and type, from the packaged file plus the user's."""

    def __init__(self) -> None:
        self.by_key: dict[str, Alias] = {}

    def add(self, canonical: str, type_: str, variants: list[str]) -> None:
        alias = Alias(canonical, type_)
        for variant in [canonical, *variants]:
            key = name_key(variant)
            if key:
                self.by_key[key] = alias

    def lookup(self, text: str) -> Alias | None:
        return self.by_key.get(name_key(text))

    def load_text(self, text: str, where: str = "alias file") -> None:
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = raw.rstrip("\n").split("\t")
            if len(parts) < 2:
                raise ConfigError(f"{where} line {n}: expected 'name<TAB>TYPE<TAB>variants'",
                                  "separate the fields with tab characters")
            variants = [v.strip() for v in parts[2].split("|")] if len(parts) > 2 else []
            self.add(parts[0].strip(), parts[1].strip().upper(), [v for v in variants if v])


@lru_cache(maxsize=8)
def load_aliases(user_file: str | None = None) -> AliasTable:
    """The packaged alias file, then ``user_file`` (its lines win on conflicts)."""
    table = AliasTable()
    packaged = resources.files("newsdesk").joinpath("data/aliases.tsv")
    table.load_text(packaged.read_text("utf-8"), "data/aliases.tsv")
    if user_file:
        path = Path(user_file).expanduser()
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read alias file {path}: {exc}",
                              "fix the alias_file setting (NEWSDESK_ALIAS_FILE)") from exc
        table.load_text(text, str(path))
    return table
