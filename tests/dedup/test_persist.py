"""The persistent index on both engines: cross-run linking, idempotence, re-assignment of stored rows."""

from __future__ import annotations

from dedup.factory import DAM_EN, DAM_ID, MARKET_ID, article, republished
from pipeline.dedup import link_stories, persist_dedup
from pipeline.models import Article
from pipeline.warehouse import Warehouse

STATE_QUERIES = (
    "SELECT key, story_id, is_canonical FROM articles ORDER BY key",
    "SELECT article_key, lang, published_ts, story_id, is_canonical, content_hash, signature FROM dedup_documents "
    "ORDER BY article_key",
    "SELECT article_key, band_keys FROM dedup_documents ORDER BY article_key",
    "SELECT a_key, b_key, kind, score FROM story_links ORDER BY a_key, b_key, kind",
)


def run_batch(wh: Warehouse, batch: list[Article], run_id: str):
    """What the lead does: link (read-only), then load and persist in one transaction."""
    result = link_stories(batch, wh)
    with wh.transaction():
        wh.load_articles(batch, run_id=run_id)
        persist_dedup(wh, result)
    return result


def state(wh: Warehouse) -> list[list[tuple]]:
    return [wh.fetchall(sql) for sql in STATE_QUERIES]


def test_copy_in_a_later_run_joins_the_stored_story(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        original, other = article(1, "id", DAM_ID), article(5, "id", MARKET_ID)
        run_batch(wh, [original, other], "run-1")
        assert wh.count("dedup_documents") == 2
        assert [len(keys) for (keys,) in wh.fetchall("SELECT band_keys FROM dedup_documents")] == [32, 32]

        copy = article(2, "id", republished(DAM_ID), hours=5)
        result = run_batch(wh, [copy], "run-2")
        assert copy.story_id == original.story_id and not copy.canonical
        assert (result.near_duplicates, result.stories_new) == (1, 0)
        rows = dict((k, (s, c)) for k, s, c in wh.fetchall("SELECT key, story_id, is_canonical FROM articles"))
        assert rows[copy.key] == (original.story_id, False) and rows[original.key] == (original.story_id, True)
        assert wh.fetchall("SELECT a_key, b_key, kind FROM story_links") == [
            ("www.antaranews.com/berita/1", "www.antaranews.com/berita/2", "near_duplicate")
        ]


def test_rerunning_a_batch_changes_nothing(warehouse_uri: str) -> None:
    batch = [
        article(1, "id", DAM_ID),
        article(2, "id", republished(DAM_ID), hours=5),
        article(3, "en", DAM_EN, hours=2),
    ]
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        first = run_batch(wh, batch, "run-1")
        before = state(wh)
        again = [a.model_copy(update={"story_id": None, "canonical": True}) for a in batch]
        second = run_batch(wh, again, "run-1")
        assert state(wh) == before
        assert [(a.story_id, a.canonical) for a in again] == [(a.story_id, a.canonical) for a in batch]
        assert second.stories_new == 0 and second.story_updates == [] and len(second.links) == len(first.links) == 3


def test_an_earlier_copy_becomes_canonical_and_stored_rows_are_updated(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        late = article(2, "id", republished(DAM_ID), hours=10)
        run_batch(wh, [late], "run-1")
        story = late.story_id
        early = article(1, "id", DAM_ID)  # fetched later, but published earlier
        result = run_batch(wh, [early], "run-2")
        assert early.story_id == story and early.canonical
        assert result.story_updates == [(late.key, story, False)]
        rows = wh.fetchall("SELECT key, is_canonical FROM articles ORDER BY key")
        assert rows == [(early.key, True), (late.key, False)]
        assert wh.fetchall("SELECT is_canonical FROM dedup_documents WHERE article_key = ?", [late.key]) == [(False,)]


def test_a_bridging_article_merges_two_stored_stories(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        id_first = article(1, "id", DAM_ID)
        en_late = article(3, "en", DAM_EN, hours=60)  # outside the 48 h window of the first: its own story
        run_batch(wh, [id_first, en_late], "run-1")
        assert en_late.story_id != id_first.story_id

        bridge = article(2, "id", republished(DAM_ID), hours=30)  # copy of the first, 30 h from the English one
        result = run_batch(wh, [bridge], "run-2")
        assert {link.kind for link in result.links} == {"near_duplicate", "crosslingual"}
        assert bridge.story_id == id_first.story_id and not bridge.canonical
        assert result.story_updates == [(en_late.key, id_first.story_id, True)]
        assert wh.fetchall("SELECT COUNT(DISTINCT story_id) FROM articles") == [(1,)]
        assert wh.fetchall("SELECT COUNT(DISTINCT story_id) FROM dedup_documents") == [(1,)]


def test_a_link_to_a_stored_twin_is_found_from_the_index(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        id_first = article(1, "id", DAM_ID)
        run_batch(wh, [id_first], "run-1")
        en_twin = article(3, "en", DAM_EN, hours=30)
        result = run_batch(wh, [en_twin], "run-2")
        assert en_twin.story_id == id_first.story_id and result.crosslingual == 1
        unrelated = article(7, "en", "Jakarta (ANTARA) - " + MARKET_ID.split(" - ", 1)[1], hours=1)
        run_batch(wh, [unrelated], "run-3")
        assert unrelated.story_id != id_first.story_id
        assert wh.fetchall("SELECT COUNT(DISTINCT story_id) FROM dedup_documents") == [(2,)]


def test_a_0002_index_is_converted_in_place_and_still_links(warehouse_uri: str) -> None:
    """Migration 0007 moves base64/JSON rows + band rows into the compact table, recomputing the band keys."""
    import base64
    import json
    import zlib

    from pipeline.dedup.features import article_features
    from pipeline.dedup.signatures import band_keys
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.migrate import migrate

    original = article(1, "id", DAM_ID)
    doc = article_features(original)
    conn = connect(warehouse_uri)
    try:
        migrate(conn, upto="0006")
        legacy = [original.key, "id", doc.published_ts, "st-legacy", True, doc.content_hash, doc.shingle_count]
        legacy += [base64.b64encode(doc.signature.astype("<u4").tobytes()).decode(), json.dumps(sorted(doc.anchors))]
        legacy += [None, base64.b64encode(doc.text_signatures["id"].astype("<u4").tobytes()).decode()]
        conn.execute(f"INSERT INTO dedup_documents VALUES ({', '.join('?' * len(legacy))})", legacy)
        conn.execute("INSERT INTO dedup_lsh_bands VALUES (?, ?)", [123, original.key])
    finally:
        conn.close()

    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        rows = wh.fetchall("SELECT article_key, story_id, anchors, band_keys, text_en_signature FROM dedup_documents")
        assert [(k, s, set(zlib.decompress(a, -15).decode().split("\x1f")), list(b), t) for k, s, a, b, t in rows] == [
            (original.key, "st-legacy", set(doc.anchors), band_keys(doc.signature, "id"), None)
        ]
        tables = {name for (name,) in wh.fetchall("SELECT table_name FROM information_schema.tables")}
        assert "dedup_lsh_bands" not in tables and "dedup_documents_0002" not in tables
        copy = article(2, "id", republished(DAM_ID), hours=5)
        run_batch(wh, [copy], "run-2")
        assert copy.story_id == "st-legacy" and not copy.canonical


def test_a_0007_index_with_rows_keeps_its_decisions_through_0011_and_0012(warehouse_uri: str) -> None:
    """Migration 0011 re-encodes 0007's rows (hex hash, plain anchors) in place, 0012 keeps the low 8 bits of their
    16-bit signatures: the stored band keys, stories and features are unchanged (the signatures are exactly what a
    fresh 0012 row stores), and a later copy still links to the migrated original."""
    from pipeline.dedup import signatures
    from pipeline.dedup.features import article_features
    from pipeline.dedup.store import DOCUMENT_COLUMNS, IndexReader, row_0007
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.migrate import migrate

    original, other = article(1, "id", DAM_ID), article(5, "en", DAM_EN, hours=2)
    docs = [article_features(a) for a in (original, other)]
    for doc, story in zip(docs, ("st-one", "st-two"), strict=True):
        doc.story_id, doc.is_canonical = story, True
    conn = connect(warehouse_uri)
    try:
        migrate(conn, upto="0010")
        conn.copy_rows("dedup_documents", DOCUMENT_COLUMNS, [row_0007(doc) for doc in docs])
    finally:
        conn.close()

    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        stored = IndexReader(wh).documents([d.key for d in docs])
        for doc in docs:
            got = stored[doc.key]
            assert (got.content_hash, got.anchors, got.bridge, got.story_id) == (
                doc.content_hash,
                doc.anchors,
                doc.bridge,
                doc.story_id,
            )
            assert got.signature.tobytes() == signatures.encode(doc.signature)
            assert {lang: sig.tobytes() for lang, sig in got.text_signatures.items()} == {
                lang: signatures.encode(sig) for lang, sig in doc.text_signatures.items()
            }
        bands = dict(wh.fetchall("SELECT article_key, band_keys FROM dedup_documents"))
        assert {k: list(v) for k, v in bands.items()} == {d.key: d.band_keys for d in docs}
        tables = {name for (name,) in wh.fetchall("SELECT table_name FROM information_schema.tables")}
        assert not tables & {"dedup_documents_0007", "dedup_documents_0011"}
        copy = article(2, "id", republished(DAM_ID), hours=5)
        result = run_batch(wh, [copy], "run-2")
        assert copy.story_id == "st-one" and not copy.canonical
        assert (result.near_duplicates, result.stories_new) == (1, 0)


def test_a_0011_index_keeps_its_links_through_0012(warehouse_uri: str) -> None:
    """0012 halves 0011's 16-bit signatures to their low bytes in place: a migrated row compares with a fresh one
    exactly as two fresh rows do (same Jaccard estimate), so an English twin and a republished copy arriving after
    the migration still join the stored story."""
    from pipeline.dedup.features import article_features
    from pipeline.dedup.signatures import estimate_jaccard
    from pipeline.dedup.store import DOCUMENT_COLUMNS, IndexReader, row_0011
    from pipeline.warehouse.connection import connect
    from pipeline.warehouse.migrate import migrate

    original = article(1, "id", DAM_ID)
    doc = article_features(original)
    doc.story_id, doc.is_canonical = "st-old", True
    conn = connect(warehouse_uri)
    try:
        migrate(conn, upto="0011")
        conn.copy_rows("dedup_documents", DOCUMENT_COLUMNS, [row_0011(doc)])
        (stored_bytes,) = conn.fetchall("SELECT octet_length(signature) FROM dedup_documents")[0]
        assert stored_bytes == 256
    finally:
        conn.close()

    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        assert wh.fetchall("SELECT octet_length(signature), octet_length(text_id_signature) FROM dedup_documents") == [
            (128, 128)
        ]
        migrated = IndexReader(wh).documents([original.key])[original.key]
        copy = article(2, "id", republished(DAM_ID), hours=5)
        fresh = article_features(copy)
        assert estimate_jaccard(migrated.signature, fresh.signature) == estimate_jaccard(doc.signature, fresh.signature)
        twin = article(3, "en", DAM_EN, hours=2)
        result = run_batch(wh, [copy, twin], "run-2")
        assert copy.story_id == twin.story_id == "st-old"
        assert (result.near_duplicates, result.stories_new) == (1, 0)
        linked = {(link.a_key, link.b_key) for link in result.links if link.kind == "crosslingual"}
        assert tuple(sorted((original.key, twin.key))) in linked  # the twin found the migrated original itself


def test_a_band_key_matches_only_at_its_own_position(warehouse_uri: str) -> None:
    """LSH candidates share a band at the same position: a stored key that equals a probe key at another position
    (a chance 32-bit collision across personalisations) is no hit, on either engine."""
    from dataclasses import replace

    from pipeline.dedup.features import article_features
    from pipeline.dedup.store import IndexReader, write_documents

    stored = article_features(article(1, "id", DAM_ID))
    stored.story_id = "st-stored"
    probe = replace(article_features(article(2, "id", MARKET_ID)), known_band_keys=None)
    keys = list(probe.band_keys)
    keys[4] = stored.band_keys[2]  # the stored article's position-3 key, at position 5 of the probe
    probe.known_band_keys = keys
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        with wh.transaction():
            write_documents(wh, [stored])
        reader = IndexReader(wh)
        assert reader.articles_sharing_bands(list(enumerate(keys, start=1))) == {}
        at_its_position = reader.articles_sharing_bands([(3, stored.band_keys[2])])
        assert at_its_position == {(3, stored.band_keys[2]): {stored.key}}
