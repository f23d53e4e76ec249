"""The library over a real SQLite file and the real models: ingest, stories, reports, search."""

from __future__ import annotations

import sqlite3
import time

import pytest

from rashomon.errors import InputError, UnknownStoryError
from rashomon.service import Library
from rashomon.store import open_store
from tests.conftest import seed_files
from tests.store.conftest import basil_records, write_jsonl


def _story_of_seeds(library, svc):
    from rashomon.ingest import load_file

    ids = [load_file(p)[0].id for p, _, _ in seed_files()]
    stories = library.store.story_of(ids)
    return ids, stories


def test_library_ingest_counts_and_groups_the_same_event(filled, svc):
    library, summary, _ = filled
    assert summary.added == 2 + 3 * 2 and summary.duplicates == 0 and not summary.failures
    ids, stories = _story_of_seeds(library, svc)
    assert stories[ids[0]] == stories[ids[1]], "the founding pair reports one event"
    records = basil_records()
    by_event: dict[str, set[str]] = {}
    for r in records:
        by_event.setdefault(r["story_id"], set()).add(library.store.story_of([r["id"]])[r["id"]])
    # Two different events never share a story.
    first, second = by_event.values()
    assert not first & second
    all_basil = set().union(*by_event.values())
    assert stories[ids[0]] not in all_basil
    assert summary.totals["articles"] == 8 and summary.totals["stories"] == len(
        summary.stories_touched
    )


def test_library_ingest_twice_changes_nothing(filled, tmp_path):
    library, first, sources = filled
    path = library.store.url

    def snapshot():
        con = sqlite3.connect(path)
        try:
            return {
                t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("articles", "analyses", "claims", "docs", "bands", "stories")
            }
        finally:
            con.close()

    before = snapshot()
    again = library.ingest(sources)
    assert again.added == 0 and again.duplicates == 0 and again.reports == 0
    assert again.unchanged == first.added
    assert snapshot() == before


def test_library_report_matches_compare_and_is_read_from_the_store(filled, svc, seed_report):
    library, _, _ = filled
    ids, stories = _story_of_seeds(library, svc)
    story = stories[ids[0]]
    fresh = Library(open_store(library.store.url, create=False))  # no Service, no model loaded
    try:
        start = time.perf_counter()
        report = fresh.report(story)
        elapsed = time.perf_counter() - start
        assert fresh._service is None, "a stored report needs no model"
    finally:
        fresh.close()
    assert elapsed < 1.0
    expected = seed_report  # svc.compare of the same two articles, analysed afresh
    assert [a.id for a in report.articles] == [a.id for a in expected.articles]
    assert report.claims == expected.claims
    assert report.facts == expected.facts
    assert report.quote_groups == expected.quote_groups
    assert any(f.verdict == "disputed" for f in report.facts)


def test_library_stories_listed_newest_first_with_counts(filled, svc):
    library, _, _ = filled
    rows = library.stories()
    assert len(rows) == library.store.counts()["stories"]
    dates = [r.last_published for r in rows if r.last_published]
    assert dates == sorted(dates, reverse=True)
    ids, stories = _story_of_seeds(library, svc)
    seed = next(r for r in rows if r.id == stories[ids[0]])
    assert seed.articles == 2 and seed.outlets == {"VOA": 1, "The Washington Times": 1}
    assert seed.disputed is not None and seed.disputed >= 1
    assert seed.last_published == "2019-11-14" and seed.first_published == "2019-11-11"
    assert library.stories(limit=1) == rows[:1]


def test_library_search_articles_and_claims(filled, svc):
    library, _, _ = filled
    ids, stories = _story_of_seeds(library, svc)
    hits = library.search("Moscow nonproliferation conference")
    kinds = {h.kind for h in hits}
    assert kinds == {"article", "claim"}
    assert {h.story for h in hits} == {stories[ids[0]]}
    assert all("nonproliferation" in h.snippet.lower() for h in hits if h.kind == "claim")
    # Operators and quotes in the query are words, not FTS syntax.
    assert library.search('Moscow" OR (NEAR') is not None
    with pytest.raises(InputError):
        library.search("  !!! ")
    with pytest.raises(UnknownStoryError, match="no story"):
        library.report("s-nope")


def test_library_new_article_updates_only_its_story(clone, tmp_path):
    extra = basil_records(3)[6:7]  # a third event
    before = {r.id: clone.store.cached_report(r.id) for r in clone.stories()}
    summary = clone.ingest([str(write_jsonl(tmp_path / "b.jsonl", extra))])
    assert summary.added == 1 and summary.reports == 1
    (story,) = summary.stories_touched
    assert story not in before
    for sid, cached in before.items():
        assert clone.store.cached_report(sid) == cached, "other stories' reports are kept"


def test_library_near_duplicate_is_linked_not_counted(clone, tmp_path):
    original = basil_records(1)[0]
    words = original["text"].split(" ")
    copy = dict(
        original,
        id="wire-copy",
        outlet="Some Paper",
        url="https://example.org/wire-copy",
        # A re-publication: a new first line, the last paragraph cut, one word changed.
        text="By The Associated Press\n\n"
        + " ".join(words[: int(len(words) * 0.85)]).replace(" said ", " says ", 1),
    )
    story = clone.store.story_of([original["id"]])[original["id"]]
    summary = clone.ingest([str(write_jsonl(tmp_path / "b.jsonl", [copy]))])
    assert summary.duplicates == 1 and summary.added == 0
    assert summary.stories_touched == {story}
    assert clone.store.story_of(["wire-copy"])["wire-copy"] == story
    row = next(r for r in clone.stories() if r.id == story)
    assert row.duplicates == 1 and "Some Paper" not in row.outlets
    assert row.articles == sum(
        1 for m in clone.store.story_articles(story) if m.duplicate_of is None
    )
    stored = {m.article.id: m for m in clone.store.story_articles(story)}
    assert (
        stored["wire-copy"].duplicate_of == original["id"] and stored["wire-copy"].analysis is None
    )
    report = clone.report(story)
    assert "wire-copy" not in {a.id for a in report.articles}
    assert any("Some Paper: a near-duplicate" in n for n in report.notes)
    assert clone.store.counts()["duplicates"] == 1


def test_library_bad_sources_are_counted_and_nothing_stored_is_lost(filled, tmp_path):
    library, _, _ = filled
    before = library.store.counts()
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 300)
    bad_line = write_jsonl(tmp_path / "mixed.jsonl", [{"title": "no text"}])
    summary = library.ingest([str(tmp_path / "missing.txt"), str(binary), str(bad_line)])
    reasons = [f.reason for f in summary.failures]
    assert len(reasons) == 3 and summary.added == 0
    assert any("no such file" in r for r in reasons)
    assert any("no 'text' or 'html'" in r for r in reasons)
    assert library.store.counts() == before


def test_library_report_built_by_other_models_or_schema_is_rebuilt(clone):
    """A report stored by another judge, aligner, schema or version is never served (an
    upgrade must not keep showing old facts)."""
    import dataclasses

    from rashomon.store.sql import members_key

    story = next(s.id for s in clone.stories() if s.articles >= 2)
    fresh = clone.report(story)
    assert fresh.facts
    members = members_key(a.id for a in fresh.articles)
    emptied = dataclasses.replace(fresh, facts=())
    # Stored as before the aligner: keyed by the judge's name only.
    clone.store.put_report(story, emptied, members, "model")
    assert clone.report(story).facts == fresh.facts
    assert clone.store.cached_report(story)[1] == clone.service.report_key
    # Stored with today's key: served as stored, not rebuilt.
    clone.store.put_report(story, emptied, members, clone.service.report_key)
    assert clone.report(story).facts == ()
    assert "schema 1.2" in clone.service.report_key and "aligner:" in clone.service.report_key


def test_the_store_fixtures_run_on_the_session_service(filled, clone, svc):
    library, _, _ = filled
    assert library.service is svc and clone.service is svc
