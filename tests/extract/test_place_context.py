"""The local country of a mention: the sliding window gives what counting every anchor
within reach gives, on equal counts the country named first, the mention's own anchor
left out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.place_context import _local_countries_by_bisection, local_countries
from marsad.extract.place_mention import PlaceMention


def _mentions(starts: list[int]) -> list[PlaceMention]:
    return [PlaceMention(s, s + 4, s, s + 4, "x", []) for s in starts]


def _local(mentions: list[PlaceMention]) -> list[str | None]:
    return [pm.extra.get("local_country") for pm in mentions]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3000), min_size=0, max_size=60, unique=True),
    st.lists(st.sampled_from(["SY", "IQ", "YE", "LB"]), min_size=60, max_size=60),
    st.lists(st.booleans(), min_size=60, max_size=60),
)
def test_window_agrees_with_counting(starts: list[int], countries: list[str], is_anchor: list[bool]) -> None:
    starts = sorted(starts)
    anchors = [(s, countries[i]) for i, s in enumerate(starts) if is_anchor[i]]
    fast, slow = _mentions(starts), _mentions(starts)
    local_countries(fast, anchors)
    _local_countries_by_bisection(slow, anchors)
    assert _local(fast) == _local(slow)


def test_equal_counts_go_to_the_country_named_first() -> None:
    mentions = _mentions([100, 200, 250])
    local_countries(mentions, [(100, "IQ"), (200, "SY")])
    # The mention at 250 has one anchor of each within reach: Iraq was named first.
    assert _local(mentions) == ["SY", "IQ", "IQ"]


def test_own_anchor_is_left_out_and_far_anchors_do_not_count() -> None:
    mentions = _mentions([0, 1000])
    local_countries(mentions, [(0, "YE"), (1000, "SY")])
    assert _local(mentions) == [None, None]


def test_anchors_out_of_text_order_are_counted_too() -> None:
    mentions = _mentions([10, 20, 30])
    local_countries(mentions, [(20, "SY"), (10, "IQ"), (30, "IQ")])
    # Equal counts go to the anchor given first, whatever its position.
    assert _local(mentions) == ["SY", "IQ", "SY"]


def test_a_name_repeated_in_the_same_context_resolves_as_once() -> None:
    # The scores of one article are worked out once per distinct mention context: a
    # round-up repeating its places resolves each repetition as the first.
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import knowledge
    from marsad.extract.pipeline import run_until

    kb = knowledge()
    line = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي وقرية الهبيط. "
    one, many = ArticleDoc(line), ArticleDoc(line * 40)
    run_until(one, kb, "places")
    run_until(many, kb, "places")
    first = [(p.place.id if p.place else None, round(p.score, 9)) for p in one.places]
    assert len(many.places) == 40 * len(one.places)
    k = len(one.places)
    for i in range(40):
        chunk = many.places[i * k : (i + 1) * k]
        assert [p.place.id if p.place else None for p in chunk] == [pid for pid, _ in first]
