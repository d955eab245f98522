"""One remark printed in several wordings is one dispute listing each version once."""

from __future__ import annotations

from newsdesk.crosscheck.remarks import Version, shown_versions, versions_summary, versions_verdict
from newsdesk.crosscheck.run import crosscheck_statements
from newsdesk.crosscheck.statements import Statement

_REMARK = "a deliberate attempt to {verb} our {whom}"


def _quoted(article: str, words: str, frame: str, speaker: str = "Tomas Ekberg") -> Statement:
    text = frame.format(q=f'"{words}"')
    start = text.index(words)
    quote = {"kind": "direct", "text": words, "speaker": speaker, "start": start, "end": start + len(words)}
    return Statement(article, article, 3, text, f"{article}.example", "2031-04-07", quotes=[quote],
                     claims=[{"text": text, "predicate": "said"}])


def _reports() -> list[Statement]:
    return [
        _quoted("north", "This is " + _REMARK.format(verb="frighten", whom="citizens"),
                "{q}, interior minister Tomas Ekberg told reporters in Almbrück."),
        _quoted("coast", "This is " + _REMARK.format(verb="frighten", whom="citizens"),
                "Tomas Ekberg, the interior minister, told reporters in Almbrück: {q}."),
        _quoted("east", "This is " + _REMARK.format(verb="scare", whom="citizens"),
                "Tomas Ekberg, the interior minister, told reporters in Almbrück: {q}."),
        _quoted("harbour", "It is " + _REMARK.format(verb="frighten", whom="people"),
                "{q}, interior minister Tomas Ekberg told reporters in Almbrück."),
    ]


def test_remarks_one_remark_in_three_wordings_is_one_dispute() -> None:
    found = [f for f in crosscheck_statements("s", _reports())
             if f.kind == "discrepancy" and f.type == "quote"]
    assert len(found) == 1, [f.summary for f in found]
    (remark,) = found
    # each wording once, the one two sources give first; every report among the articles
    assert remark.evidence[0].article_id in {"north", "coast"}
    assert {e.article_id for e in remark.evidence[1:]} == {"east", "harbour"}
    assert remark.articles == ["coast", "east", "harbour", "north"] and remark.independent_sources == 4
    assert remark.summary.startswith("Tomas Ekberg's quote differs in 3 versions: ")
    assert "frighten \u2192 scare" in remark.summary and "citizens \u2192 people" in remark.summary


def test_remarks_two_wordings_stay_the_pairwise_dispute() -> None:
    two = [s for s in _reports() if s.article_id != "harbour"]
    found = [f for f in crosscheck_statements("s", two) if f.kind == "discrepancy" and f.type == "quote"]
    assert len(found) == 1 and "versions" not in found[0].summary
    assert "frighten \u2192 scare" in found[0].summary


def test_remarks_versions_are_shown_where_they_differ() -> None:
    base = "we will rebuild the bridge within three years and not a day later"
    versions = [Version(base), Version(base.replace("three", "four")), Version(base.replace("will", "shall"))]
    shown = shown_versions(versions)
    # one stretch of each version, from a word before the first change to a word after the last
    assert shown == ["we will rebuild the bridge within three years \u2026",
                     "we will rebuild the bridge within four years \u2026",
                     "we shall rebuild the bridge within three years \u2026"]
    assert versions_verdict(versions) == "meaning changed: a number"
    # changes far apart: each version's own changed places against the first
    long = ("we will rebuild the bridge within three years and not a day later whatever the cost "
            "to the city and its people in the end")
    far = [Version(long), Version(long.replace("three", "four")), Version(long.replace("end", "long run"))]
    assert shown_versions(far)[1] == "within four years"
    assert "\u201cwithin three years\u201d" in versions_summary(far)
