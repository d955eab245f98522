"""What a story's cross-check judged of its statement pairs, kept for its next check.

A story that grows by one report is checked again (crosscheck.schedule), and the
detectors used to compare every pair of its statements again: a story of k reports cost
O(k²) pair comparisons per new report, most of them already made by the check before
(issue 16: 38,500 pairs for the 88 stories 100 new reports changed in a 20k store).

The verdict on a pair (the conflicts ``run._pair_conflicts`` finds, or the clause-level
quantity rule) is a function of the two statements as the check reads them (text,
claims, quotes, mentions, dates, source group, date, the full names of the people they
mention), their two similarities, and the code. The memo keys each verdict by a digest
of exactly those, the code included (every module of the package: a new release judges
every pair afresh once), so a verdict is reused only where the detectors would be given
the very same inputs: the findings are those of a check from scratch. A pair whose
inputs moved simply misses and is judged again.

What is kept is only what the detectors judged (pairs similar enough to compare), as
fixed-size keys for the many pairs with no conflict and JSON for the few with one.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsdesk.crosscheck.detectors import Conflict
from newsdesk.crosscheck.statements import Statement

KEY_BYTES = 12  # 96 bits: no collision among a story's pairs is to be expected


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """The package's source, so that a verdict of another release is never reused."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def statement_digest(statement: Statement, names: dict[str, str]) -> bytes:
    """Everything of a statement a pair's detectors read; ``names``: the story's full
    names (run._full_names), of which the entities the statement mentions enter."""
    mentioned = sorted({str(m.get("entity_id")) for m in statement.mentions} & names.keys())
    shown = [(e, names[e]) for e in mentioned]
    return hashlib.blake2b(code_digest() + repr(statement).encode() + repr(shown).encode(),
                           digest_size=16).digest()


def pair_key(a: bytes, b: bytes, sim: float, clause_sim: float) -> bytes:
    """The key of the ordered pair (a, b) of statement digests at these similarities."""
    return hashlib.blake2b(a + b + struct.pack("<dd", float(sim), float(clause_sim)),
                           digest_size=KEY_BYTES).digest()


def _encoded(c: Conflict) -> list[object]:
    return [c.type, c.summary, c.confidence, c.ratio, list(c.values) if c.values is not None else None]


def _decoded(row: list[object]) -> Conflict:
    type_, summary, confidence, ratio, values = row
    pair = tuple(values) if isinstance(values, list) else None
    return Conflict(str(type_), str(summary), float(confidence),  # type: ignore[arg-type]
                    ratio if ratio is None else float(ratio),  # type: ignore[arg-type]
                    pair)


@dataclass(slots=True)
class PairMemo:
    """``known``: verdicts of earlier checks (of this story, or of the stories it grew
    from); ``judged``: this check's, which the next check will read."""

    known: dict[bytes, list[Conflict]] = field(default_factory=dict)
    judged: dict[bytes, list[Conflict]] = field(default_factory=dict)
    reused: int = 0

    def verdict(self, key: bytes, judge: Callable[[], list[Conflict]]) -> list[Conflict]:
        found = self.known.get(key)
        if found is None:
            found = judge()
        else:
            self.reused += 1
        self.judged[key] = found
        return found

    def encode(self) -> bytes:
        """This check's verdicts: the keys of quiet pairs, then JSON for the others."""
        quiet = b"".join(k for k, v in self.judged.items() if not v)
        loud = {k.hex(): [_encoded(c) for c in v] for k, v in self.judged.items() if v}
        return struct.pack("<I", len(quiet)) + quiet + json.dumps(loud, sort_keys=True).encode()

    @classmethod
    def decode(cls, blobs: Iterable[bytes]) -> PairMemo:
        """The verdicts of stored memos (unreadable ones are skipped: a cache, not a record)."""
        known: dict[bytes, list[Conflict]] = {}
        for blob in blobs:
            try:
                (size,) = struct.unpack_from("<I", blob)
                quiet = blob[4:4 + size]
                known.update((quiet[i:i + KEY_BYTES], []) for i in range(0, size, KEY_BYTES))
                loud = json.loads(blob[4 + size:].decode())
                known.update((bytes.fromhex(k), [_decoded(r) for r in rows]) for k, rows in loud.items())
            except (struct.error, ValueError, TypeError):
                continue
        return cls(known=known)
