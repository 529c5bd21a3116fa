"""Article de-duplication: shingles, MinHash bands, verification, who supersedes whom, and the
incremental pass in the store (our own texts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from marsad.fusion import fuse
from marsad.fusion.copies import near_duplicate_clusters
from marsad.fusion.dedup import REPOST, UPDATE, Copy, decide
from marsad.fusion.signatures import band_keys, default_rules, is_near_duplicate, shingles, similarity
from marsad.service import IngestService, ingest
from marsad.store import Store
from marsad.store.tables import article_duplicates, article_signatures, supersessions
from tests.fusion.test_fusion_store import LONG_REPORT

RULES = default_rules()
OTHER_REPORT = (
    "تظاهر آلاف الأشخاص في مدينة البصرة جنوبي العراق مساء اليوم احتجاجا على انقطاع التيار الكهربائي لساعات طويلة "
    "وتلوث مياه الشرب، ورفع المحتجون لافتات تطالب الحكومة المحلية بتوفير الخدمات الأساسية وفرص العمل للشباب. "
    "وقال أحد منظمي الاحتجاج إن المتظاهرين سيواصلون اعتصامهم أمام مبنى المحافظة حتى تلبية مطالبهم، فيما انتشرت "
    "قوات الأمن بكثافة في الشوارع المحيطة دون أن تسجل أي مواجهات بين الطرفين حتى ساعة متأخرة من الليل."
)


def test_shingles_ignore_diacritics_and_punctuation() -> None:
    assert shingles("قُتِلَ خمسةُ مدنيين، في غارة جوية!") == shingles("قتل خمسة مدنيين في غارة جوية")
    assert len(shingles(LONG_REPORT.format(n="خمسة"))) > RULES.min_shingles


def test_near_duplicates_share_bands_and_unrelated_texts_do_not() -> None:
    a, b = shingles(LONG_REPORT.format(n="خمسة")), shingles(LONG_REPORT.format(n="تسعة"))
    jac, cont = similarity(a, b)
    assert 0.8 < jac < 1 and is_near_duplicate(jac, cont, RULES)
    assert set(band_keys(a, RULES)) & set(band_keys(b, RULES))
    c = shingles(OTHER_REPORT)
    assert similarity(a, c)[0] < 0.05 and not set(band_keys(a, RULES)) & set(band_keys(c, RULES))
    # A copy with a paragraph added is caught by containment.
    backwards = " ".join(reversed(OTHER_REPORT.split()))  # more new text, other word order
    longer = shingles(LONG_REPORT.format(n="خمسة") + " " + OTHER_REPORT + " " + backwards)
    jac, cont = similarity(a, longer)
    assert jac < RULES.jaccard and cont > RULES.containment and is_near_duplicate(jac, cont, RULES)


def test_copies_far_apart_must_be_nearly_identical() -> None:
    # A story months later that recycles an older one's background paragraphs is no copy of it.
    assert is_near_duplicate(0.52, 0.83, RULES, gap_days=0)
    assert not is_near_duplicate(0.52, 0.83, RULES, gap_days=136)
    assert is_near_duplicate(0.93, 0.97, RULES, gap_days=136)  # a re-post


def test_who_supersedes_whom() -> None:
    older = Copy("a", date(2018, 3, 3), None, 1)
    update = Copy("b", date(2018, 3, 4), None, 1)
    repost = Copy("c", date(2018, 5, 1), None, 1)
    assert decide(older, update, RULES) == ("a", "b", UPDATE)
    assert decide(update, older, RULES) == ("a", "b", UPDATE)
    assert decide(older, repost, RULES) == ("c", "a", REPOST)
    same_day = Copy("d", date(2018, 3, 3), None, 1)
    assert decide(older, same_day, RULES) == ("a", "d", UPDATE)  # ties: the later id stands


def _item(article_id: str, text: str, published: str, source: str = "BBC") -> dict[str, str]:
    return {"id": article_id, "text": text, "source": source, "published": published}


def _no_events(item: dict[str, str]) -> dict[str, object]:
    return {"article_id": item["id"], "events": [], "errors": []}


def test_the_store_finds_copies_incrementally_and_forgets_changed_texts(db_url: str) -> None:
    with Store(db_url) as store:
        ingest(
            store,
            [
                _item("v1", LONG_REPORT.format(n="خمسة"), "2018-03-03"),
                _item("x", OTHER_REPORT, "2018-03-03"),
                _item("short", "قتل خمسة في غارة.", "2018-03-03"),
            ],
            extract=_no_events,
        )
        ingest(
            store,
            [
                _item("v2", LONG_REPORT.format(n="سبعة"), "2018-03-04", source="CNN"),
                _item("short2", "قتل سبعة في غارة.", "2018-03-04"),
            ],
            extract=_no_events,
        )
        with store.engine.connect() as conn:
            pairs = [
                tuple(r)
                for r in conn.execute(
                    select(article_duplicates.c.article_id, article_duplicates.c.duplicate_of)
                )
            ]
            assert pairs == [("v2", "v1")]
            assert conn.execute(select(article_signatures.c.article_id)).all().__len__() == 5
            # Neither copy has events, so nothing is superseded for fusion, but the decision is recorded.
            assert [
                tuple(r)
                for r in conn.execute(
                    select(supersessions.c.article_id, supersessions.c.superseded_by, supersessions.c.reason)
                )
            ] == [("v1", "v2", "update")]
            assert near_duplicate_clusters(conn) == [["v1", "v2"]]
        assert fuse(store).dedup.signed == 0  # nothing left to sign: the pass is idempotent
        # v2 is rewritten into an unrelated text: its pair and the supersession go.
        ingest(
            store,
            [_item("v2", OTHER_REPORT + " وانتهى الاعتصام.", "2018-03-04", source="CNN")],
            extract=_no_events,
        )
        with store.engine.connect() as conn:
            assert [
                tuple(r)
                for r in conn.execute(
                    select(article_duplicates.c.article_id, article_duplicates.c.duplicate_of)
                )
            ] == [("v2", "x")]
            assert [
                tuple(r)
                for r in conn.execute(select(supersessions.c.article_id, supersessions.c.superseded_by))
            ] == [("x", "v2")]


def _dedup_rows(store: Store) -> tuple[list[tuple], list[tuple], list[tuple]]:
    from marsad.store.tables import article_bands

    with store.engine.connect() as conn:
        bands = sorted(
            tuple(r) for r in conn.execute(select(article_bands.c.band, article_bands.c.article_id))
        )
        sigs = sorted(
            tuple(r)
            for r in conn.execute(
                select(
                    article_signatures.c.article_id,
                    article_signatures.c.content_hash,
                    article_signatures.c.shingles,
                )
            )
        )
        pairs = sorted(
            tuple(r)
            for r in conn.execute(
                select(
                    article_duplicates.c.article_id,
                    article_duplicates.c.duplicate_of,
                    article_duplicates.c.jaccard,
                )
            )
        )
    return bands, sigs, pairs


def test_signatures_made_by_workers_give_the_same_pass(db_url: str, tmp_path: Path) -> None:
    from marsad.fusion.signatures import sign

    items = [
        _item("v1", LONG_REPORT.format(n="خمسة"), "2018-03-03"),
        _item("x", OTHER_REPORT, "2018-03-03"),
        _item("short", "قتل خمسة في غارة.", "2018-03-03"),
        _item("v2", LONG_REPORT.format(n="سبعة"), "2018-03-04", source="CNN"),
    ]
    with Store(f"sqlite:///{tmp_path / 'plain.db'}") as plain:
        ingest(plain, items, extract=_no_events)
        expected = _dedup_rows(plain)
    with Store(db_url) as store:
        service = IngestService(store)
        service.add_signatures([sign(i["text"]) for i in items])
        # A stale signature (of another text) is never used for an article.
        service.add_signatures([sign(OTHER_REPORT + " نص آخر")])
        service.ingest(items, extract=_no_events)
        assert _dedup_rows(store) == expected
        assert len(expected[2]) == 1 and {expected[2][0][0], expected[2][0][1]} == {"v1", "v2"}
        assert len(service.presigned) == 1  # the four were taken, the stale one is left
