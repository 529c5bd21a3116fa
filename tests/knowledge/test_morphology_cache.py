"""strip_proclitics is remembered per word: callers still get a list of their own."""

from __future__ import annotations

from marsad.knowledge import morphology


def test_remembered_stems_are_not_shared_lists() -> None:
    first = morphology.strip_proclitics("وبالقصف")
    assert first  # "بالقصف", "القصف" … behind و
    first.append("x")
    assert "x" not in morphology.strip_proclitics("وبالقصف")
    assert morphology.strip_proclitic("وبالقصف") == morphology.strip_proclitics("وبالقصف")[0]
    assert morphology.strip_proclitic("قصف") == "قصف"
