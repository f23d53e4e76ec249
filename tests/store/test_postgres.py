"""The PostgreSQL store against a real server started by the tests: the same behaviour as SQLite."""

from __future__ import annotations

import pytest

from rashomon.errors import StoreError
from rashomon.ingest.dedup import fingerprint
from rashomon.service import Library
from rashomon.store import codec, open_store
from rashomon.store.base import Entry
from tests.store.conftest import basil_records, write_jsonl

pytestmark = pytest.mark.filterwarnings("ignore:XDG_RUNTIME_DIR is not set")


def copy_entries(src) -> list[Entry]:
    """Every stored article of ``src`` as the Entry that stored it."""
    import rashomon.compare.stories as stories

    docs = {fields["id"]: fields for fields, _ in src.docs()}
    out = []
    for summary in src.stories():
        for m in src.story_articles(summary.id):
            fields = docs.get(m.article.id)
            out.append(
                Entry(
                    article=m.article,
                    story=m.story,
                    analysis=m.analysis,
                    vectors=m.vectors,
                    doc=codec.build(stories.StoryDoc, fields) if fields else None,
                    duplicate_of=m.duplicate_of,
                    bands=fingerprint(m.article.text).bands,
                )
            )
    return out


def test_postgres_store_behaves_like_sqlite(filled, pg_url, svc, tmp_path):
    sqlite_library, _, sources = filled
    src = sqlite_library.store
    pg = open_store(pg_url)
    assert pg.schema_version() == 1 and pg.pgvector
    library = Library(pg, svc)
    try:
        entries = copy_entries(src)
        assert pg.add(entries) == {e.article.id for e in entries}
        assert pg.add(entries) == set()  # stored twice: nothing changes, nothing counted
        assert pg.counts() == src.counts()
        assert library.refresh() == src.counts()["stories"]
        assert pg.stale_stories() == []

        def listing(store):
            return sorted(
                (
                    s.id,
                    s.title,
                    s.articles,
                    s.duplicates,
                    tuple(sorted(s.outlets.items())),
                    s.first_published,
                    s.last_published,
                    s.disputed,
                    s.corroborated,
                    s.unique,
                )
                for s in store.stories()
            )

        assert listing(pg) == listing(src)
        for s in src.stories():
            assert library.report(s.id).facts == sqlite_library.report(s.id).facts
            assert pg.story_articles(s.id) is not None

        hits = pg.search("Moscow nonproliferation conference")
        assert {h.kind for h in hits} == {"article", "claim"}
        assert {h.story for h in hits} == {
            h.story for h in src.search("Moscow nonproliferation conference")
        }
        assert any("[" in h.snippet for h in hits if h.kind == "article")

        fields, _ = src.docs()[0]
        near = pg.nearest(fields["vector"], limit=3)
        assert near[0][0] == fields["id"] and near[0][1] == pytest.approx(1.0, abs=1e-4)
        assert [a for a, _ in near] == [a for a, _ in src.nearest(fields["vector"], limit=3)]

        # A real ingest on top: the stored sources change nothing, a wire copy is linked.
        again = library.ingest(sources)
        assert again.added == 0 and again.unchanged == src.counts()["articles"]
        original = basil_records(1)[0]
        copy = dict(
            original,
            id="pg-wire-copy",
            outlet="Copy Desk",
            text="From wire reports.\n\n" + original["text"],
        )
        summary = library.ingest([str(write_jsonl(tmp_path / "copy.jsonl", [copy]))])
        assert summary.duplicates == 1 and pg.counts()["duplicates"] == 1
        story = pg.story_of([original["id"]])[original["id"]]
        assert any("Copy Desk: a near-duplicate" in n for n in library.report(story).notes)
    finally:
        library.close()


def test_postgres_two_writers_at_once_store_each_article_once(filled, pg_url):
    """Two connections write the same articles at the same moment (two ingests of one source):
    each article is stored once and reported stored by exactly one of them."""
    import threading

    entries = copy_entries(filled[0].store)
    stores = [open_store(pg_url), open_store(pg_url)]
    start = threading.Barrier(2)
    results: list[set[str]] = [set(), set()]
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            start.wait(timeout=30)
            results[i] = stores[i].add(entries)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        assert results[0] | results[1] == {e.article.id for e in entries}
        assert results[0] & results[1] == set()
        assert stores[0].counts() == filled[0].store.counts()
        ((rows,),) = stores[0]._rows("SELECT COUNT(*) FROM articles")
        assert rows == len(entries)
    finally:
        for s in stores:
            s.close()


def test_postgres_schema_guards(pg_url, pg_server):
    store = open_store(pg_url)
    with store.conn.cursor() as cur:
        cur.execute("INSERT INTO schema_version (version) VALUES (99)")
    store.close()
    with pytest.raises(StoreError, match="schema version 99, newer"):
        open_store(pg_url)

    pg_server.psql("CREATE DATABASE foreign_db;")
    foreign = pg_server.get_uri().replace("/postgres?", "/foreign_db?")
    import psycopg

    with psycopg.connect(foreign, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (x int)")
    with pytest.raises(StoreError, match="not rashomon's"):
        open_store(foreign)


def test_postgres_unreachable_server_is_one_clear_error():
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://someone:secret@127.0.0.1:1/news?connect_timeout=2")
    assert "secret" not in str(info.value)
