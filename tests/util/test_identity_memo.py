"""IdentityMemo: one computation per object, by identity, never confused by a reused id."""

from __future__ import annotations

from marsad.util.identity_memo import IdentityMemo


def test_computed_once_per_object_and_kept_apart_by_identity() -> None:
    calls: list[int] = []
    memo: IdentityMemo[list[int], int] = IdentityMemo(lambda xs: calls.append(1) or sum(xs), 10)
    a, b = [1, 2], [1, 2]
    assert memo(a) == 3 and memo(a) == 3
    assert memo(b) == 3
    assert len(calls) == 2  # equal lists, two objects


def test_cleared_past_its_limit() -> None:
    memo: IdentityMemo[list[int], int] = IdentityMemo(len, 2)
    kept = [[i] * i for i in range(5)]
    assert [memo(x) for x in kept] == [0, 1, 2, 3, 4]
    assert len(memo._hits) <= 3
