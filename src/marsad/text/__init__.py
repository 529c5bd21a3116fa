"""Text layer: the Doc, normalisation with offsets, sentences and token boundaries."""

from marsad.text.doc import Doc, Span
from marsad.text.normalize import Normalized, normalize, normalize_key

__all__ = ["Doc", "Span", "Normalized", "normalize", "normalize_key"]
