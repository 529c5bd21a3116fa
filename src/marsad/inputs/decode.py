"""Bytes → text for Arabic news files in whatever encoding they arrive in.

Order of checks: binary signatures (PDF, images, archives), byte-order marks, BOM-less
UTF-16 (Arabic UTF-16 has a tell-tale pattern of 0x06/0x00 high bytes), strict UTF-8,
then legacy single-byte encodings (cp1256, ISO-8859-6, or what charset-normalizer
guesses), accepted only when the result is mostly Arabic letters or at least clean text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from marsad.inputs.language import arabic_script_run
from marsad.knowledge.morphology import ARTICLE

# How much of the input the heuristics look at; decoding itself always covers all bytes.
SAMPLE_BYTES = 65_536
# Legacy code pages are told apart on this much of the input (charset-normalizer is slow on more).
LEGACY_SAMPLE = 16_384
# A legacy decoding is taken as Arabic when at least this share of its non-ASCII words are Arabic.
MIN_ARABIC_SHARE = 0.6
# Control characters (other than tab/newlines/form feed) above this share mean "not text".
MAX_CONTROL_SHARE = 0.05
# A few broken sequences in otherwise valid UTF-8 are repaired, not re-guessed.
MAX_UTF8_REPLACED_SHARE = 0.01
# ... and so are a few among many valid multibyte sequences (a short text with one bad byte).
MIN_VALID_UTF8_SHARE = 0.9
MIN_VALID_MULTIBYTE = 8
_SHOWN_BAD_SEQUENCES = 3

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
)
# PDF readers accept the header anywhere in the first 1024 bytes.
_PDF_WINDOW = 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_LABELS = {"iso8859-6": "iso-8859-6", "iso8859-1": "iso-8859-1", "latin-1": "iso-8859-1"}
_LETTERS = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str | None  # codec label ("utf-8", "cp1256", …); None when the bytes are not text
    errors: list[str] = field(default_factory=list)

    @property
    def is_binary(self) -> bool:
        return self.encoding is None


def binary_kind(data: bytes) -> str | None:
    """Name of a known binary format the bytes start with, or None."""
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return "PDF"
    for magic, name in _SIGNATURES[1:]:
        if data.startswith(magic):
            return name
    return None


def control_share(text: str) -> float:
    """Share of control characters that do not occur in text files (NUL counts)."""
    sample = text[:SAMPLE_BYTES]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def label(codec: str) -> str:
    name = codecs.lookup(codec).name
    return _LABELS.get(name, name)


def _decode(data: bytes, codec: str, *, complete: bool, errors: str = "strict") -> str:
    """Decode with `codec`; when the bytes are a prefix (`complete=False`), an incomplete
    character at the cut is left out instead of failing."""
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    return decoder.decode(data, final=complete)


def _decode_counting(data: bytes, codec: str, *, complete: bool) -> tuple[str, int]:
    """Decode, replacing undecodable bytes; returns the text and how many were replaced."""
    try:
        return _decode(data, codec, complete=complete), 0
    except UnicodeDecodeError:
        text = _decode(data, codec, complete=complete, errors="replace")
        return text, max(0, text.count("\ufffd") - _count_literal_fffd(data, codec))


def _count_literal_fffd(data: bytes, codec: str) -> int:
    try:
        return data.count("\ufffd".encode(codec))
    except (UnicodeEncodeError, LookupError):
        return 0


def _mostly_utf8(text: str, replaced: int) -> bool:
    """True when nearly every multibyte sequence is valid UTF-8: a legacy code page almost
    never forms one (cp1256 letters are lead bytes followed by letters, not continuation
    bytes), so a few broken sequences among many good ones are damage, not another encoding."""
    valid = len(text) - len(text.encode("ascii", "ignore")) - replaced
    return valid >= MIN_VALID_MULTIBYTE and valid >= MIN_VALID_UTF8_SHARE * (valid + replaced)


def _utf8_damage(data: bytes, replaced: int, *, complete: bool) -> list[str]:
    """The error entry for UTF-8 with `replaced` broken sequences, naming the first few."""
    if not replaced:
        return []
    shown: list[str] = []
    start = 0
    view = memoryview(data)
    while len(shown) < _SHOWN_BAD_SEQUENCES and start < len(data):
        try:
            _decode(bytes(view[start:]), "utf-8", complete=complete)
            break
        except UnicodeDecodeError as exc:
            bad = data[start + exc.start : start + exc.end]
            shown.append(f"{bad.hex(' ')} at byte {start + exc.start}")
            start += exc.end
    more = ", …" if replaced > len(shown) else ""
    return [f"{replaced} undecodable byte sequence(s) replaced ({', '.join(shown)}{more})"]


def _bomless_utf16(data: bytes) -> str | None:
    """The UTF-16 codec ("utf-16-le"/"utf-16-be") when one byte of each pair is almost always 0x00 or 0x06
    (the high byte of ASCII and Arabic code points) and the other mostly is not."""
    sample = data[: SAMPLE_BYTES & ~1]
    if len(sample) < 4:
        return None
    if b"\x00" not in sample and sample.count(6) * 4 < len(sample):
        return None
    even, odd = sample[0::2], sample[1::2]

    def high_share(half: bytes) -> float:
        return (half.count(0) + half.count(6)) / len(half)

    if high_share(odd) >= 0.8 and high_share(even) < 0.5:
        return "utf-16-le"
    if high_share(even) >= 0.8 and high_share(odd) < 0.5:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    return bool(text) and control_share(text) <= MAX_CONTROL_SHARE


def _note(codec: str, replaced: int) -> list[str]:
    notes = [] if label(codec) == "utf-8" else [f"decoded from {label(codec)}"]
    if replaced:
        notes.append(f"{replaced} undecodable byte sequence(s) replaced")
    return notes


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares, if it names a known codec."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _legacy_score(text: str) -> tuple[float, float]:
    """How Arabic a legacy decoding looks: the share of words with non-ASCII letters that are
    wholly Arabic letters (ASCII reads the same in every candidate; a wrong code page puts
    stray Arabic letters inside Latin words), then how often words start with the article
    "ال" (which tells cp1256 from ISO-8859-6 when both give Arabic letters)."""
    sample = text[:LEGACY_SAMPLE]
    non_ascii = [w for w in _LETTERS.findall(sample) if not w.isascii()]
    if not non_ascii:
        return 0.0, 0.0
    arabic_run = arabic_script_run()
    arabic = [w for w in non_ascii if arabic_run.fullmatch(w)]
    al_rate = sum(1 for w in arabic if w.startswith(ARTICLE)) / len(non_ascii)
    return len(arabic) / len(non_ascii), al_rate


def _legacy_candidates(data: bytes, declared: str | None) -> list[str]:
    import charset_normalizer  # imported lazily: only legacy files need it

    names: list[str] = []
    if declared:
        names.append(declared)
    guess = charset_normalizer.from_bytes(data[:LEGACY_SAMPLE]).best()
    if guess is not None and guess.encoding:
        names.append(guess.encoding)
    names += ["cp1256", "iso8859_6"]
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        try:
            key = codecs.lookup(name).name
        except LookupError:
            continue
        if key not in seen and key not in ("utf-8", "ascii"):
            seen.add(key)
            unique.append(key)
    return unique


def decode_bytes(data: bytes, *, declared: str | None = None, complete: bool = True) -> Decoded:
    """Decode file bytes to text, never raising.

    `declared` is a charset named by the container (e.g. an HTML meta tag), tried first
    among legacy encodings. `complete=False` says `data` is only the head of a longer input.
    Non-UTF-8 decodings are reported in `errors` ("decoded from cp1256"); bytes that are not
    text give `encoding=None`, empty text and a "binary content (…)" error.
    """
    kind = binary_kind(data)
    if kind is not None:
        return Decoded("", None, [f"binary content ({kind})"])
    if not data:
        return Decoded("", "utf-8")

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, replaced = _decode_counting(data[len(bom) :], codec, complete=complete)
            return Decoded(text, label(codec), _note(codec, replaced))

    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        text, replaced = _decode_counting(data, utf16, complete=complete)
        if _looks_like_text(text) and replaced * 100 <= len(text):
            return Decoded(text, utf16, _note(utf16, replaced))

    try:
        return Decoded(_decode(data, "utf-8", complete=complete), "utf-8")
    except UnicodeDecodeError:
        pass
    text, replaced = _decode_counting(data, "utf-8", complete=complete)
    if replaced <= MAX_UTF8_REPLACED_SHARE * len(text) or _mostly_utf8(text, replaced):
        return Decoded(text, "utf-8", _utf8_damage(data, replaced, complete=complete))

    best: tuple[tuple[float, float], str, str] | None = None
    fallback: tuple[str, str] | None = None
    for codec in _legacy_candidates(data, declared):
        try:
            candidate = _decode(data, codec, complete=complete)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _looks_like_text(candidate):
            continue
        score = _legacy_score(candidate)
        if score[0] >= MIN_ARABIC_SHARE and (best is None or score > best[0]):
            best = (score, codec, candidate)
        if fallback is None:
            fallback = (codec, candidate)
    if best is not None:
        _, codec, candidate = best
        return Decoded(candidate, label(codec), _note(codec, 0))
    if fallback is not None:
        codec, candidate = fallback
        return Decoded(candidate, label(codec), _note(codec, 0))
    return Decoded("", None, ["binary content (not decodable as text)"])
