from __future__ import annotations

import codecs
import random

import pytest
from input_samples import AR_ARTICLE, AR_BOMB, AR_CLASHES, AR_PROTEST

from marsad.inputs import decode_bytes
from marsad.inputs.decode import declared_charset

TEXT = f"{AR_CLASHES}\n{AR_BOMB}\n{AR_PROTEST}\n"


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        (TEXT.encode("utf-8"), "utf-8", None),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", None),
        (TEXT.encode("utf-16"), "utf-16-le", "decoded from utf-16-le"),  # BOM + little endian
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", "decoded from utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le", "decoded from utf-16-le"),  # no BOM
        (TEXT.encode("utf-16-be"), "utf-16-be", "decoded from utf-16-be"),  # no BOM
        (TEXT.encode("utf-32"), "utf-32-le", "decoded from utf-32-le"),
        (TEXT.encode("cp1256"), "cp1256", "decoded from cp1256"),
        (TEXT.encode("iso8859_6"), "iso-8859-6", "decoded from iso-8859-6"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom-le",
        "utf16-bom-be",
        "utf16le",
        "utf16be",
        "utf32",
        "cp1256",
        "iso-8859-6",
    ],
)
def test_decodes_arabic_in_every_encoding(data: bytes, encoding: str, note: str | None) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.errors == ([note] if note else [])


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6", "utf-16-le", "utf-16-be"])
def test_decodes_a_short_arabic_line(codec: str) -> None:
    line = "قصف مدفعي على القرية"
    assert decode_bytes(line.encode(codec)).text == line


def test_cp1256_text_without_bytes_undefined_in_iso_8859_6() -> None:
    # Every byte of this text is also defined in ISO-8859-6 (no ف ق ك غ), so both
    # decodings give Arabic letters; the definite article decides for cp1256.
    text = "الجيش السوري استهدم المسلحين الذين هاجموا المدينة بالصواريخ صباح اليوم"
    assert not set("فقكغ") & set(text)
    assert text.encode("cp1256").decode("iso8859_6") != text  # decodes, into other letters
    decoded = decode_bytes(text.encode("cp1256"))
    assert (decoded.text, decoded.encoding) == (text, "cp1256")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"\n\n%PDF-1.4\n" + bytes(range(256)), "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip data"),
    ],
)
def test_binary_formats_are_recognised(data: bytes, kind: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.is_binary and decoded.text == ""
    assert decoded.errors == [f"binary content ({kind})"]


def test_random_bytes_are_binary() -> None:
    data = random.Random(7).randbytes(20_000)
    decoded = decode_bytes(data)
    assert decoded.is_binary
    assert decoded.errors[0].startswith("binary content")


def test_a_broken_byte_in_utf8_is_repaired_not_reguessed() -> None:
    data = AR_ARTICLE.encode("utf-8") + b"\xff" + AR_ARTICLE.encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == AR_ARTICLE + "\ufffd" + AR_ARTICLE
    offset = len(AR_ARTICLE.encode("utf-8"))
    assert decoded.errors == [f"1 undecodable byte sequence(s) replaced (ff at byte {offset})"]


def test_nul_bytes_in_utf8_are_not_taken_for_utf16() -> None:
    data = "نص\x00\x00عربي قصير".encode()
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.text) == ("utf-8", "نص\x00\x00عربي قصير")


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le"])
def test_prefix_cut_inside_a_character_is_not_an_error(codec: str) -> None:
    data = TEXT.encode(codec)
    cut = data[: len(data) // 2 + 1]
    decoded = decode_bytes(cut, complete=False)
    assert TEXT.startswith(decoded.text) and len(decoded.text) > len(TEXT) // 3
    assert "\ufffd" not in decoded.text


def test_latin_legacy_text_is_decoded_as_text() -> None:
    decoded = decode_bytes(("Café au lait, déjà vu à Paris. " * 20).encode("cp1252"))
    assert not decoded.is_binary
    assert "Café" in decoded.text


def test_declared_charset_of_html() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1256"></head>') == "cp1256"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">')
        == "iso8859-6"
    )
    assert declared_charset(b"<meta charset=nonsense-99>") is None
    assert declared_charset(b"<p>no head</p>") is None


def test_empty_bytes() -> None:
    decoded = decode_bytes(b"")
    assert (decoded.text, decoded.encoding, decoded.errors) == ("", "utf-8", [])
