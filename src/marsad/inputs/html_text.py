"""Main text of an HTML page: trafilatura first, a plain tag-stripper when it finds nothing."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# trafilatura logs parse problems of bad pages at ERROR level; they are reported per item
# instead, so keep them off stderr unless the application configures logging itself.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("htmldate").addHandler(logging.NullHandler())

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>?")


@dataclass(slots=True)
class HtmlText:
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD from the page's metadata, when it has one
    errors: list[str] = field(default_factory=list)


def _tidy(text: str) -> str:
    """One paragraph per line, inner whitespace collapsed, blank lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def strip_tags(markup: str) -> str:
    """All visible text of a page, one block per line; tolerant of any broken markup."""
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
        return _tidy("".join(collector.parts))
    except Exception:  # html.parser can still trip on pathological input; regex as last resort
        import html

        return _tidy(html.unescape(_TAG.sub("\n", markup)))


def _page_title(markup: str) -> str | None:
    match = _TITLE.search(markup[:200_000])
    if not match:
        return None
    import html

    title = " ".join(html.unescape(_TAG.sub(" ", match.group(1))).split())
    return title or None


def extract_html(markup: str) -> HtmlText:
    """Main text, title and publication date of a page; never raises."""
    errors: list[str] = []
    doc = None
    try:
        # Imported here: a broken install (jusText needs lxml_html_clean with lxml >= 5.2)
        # costs the page its main-text extraction, never the run.
        import trafilatura
        from trafilatura.settings import set_date_params
    except ImportError as exc:
        errors.append(f"html extraction unavailable ({type(exc).__name__}: {exc}); tags stripped instead")
        return _stripped(markup, errors)
    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=set_date_params(False),  # metadata only: no guessing from the body
        )
    except Exception as exc:  # trafilatura/lxml on hostile markup: fall back, report
        errors.append(f"html extraction failed ({type(exc).__name__}); tags stripped instead")
    text = _tidy(getattr(doc, "text", None) or "")
    title = getattr(doc, "title", None) or _page_title(markup)
    published = getattr(doc, "date", None)
    if not text:
        text = strip_tags(markup)
        if text and not errors:
            errors.append("html: no main text found; all page text kept")
    return HtmlText(text=text, title=title, published=published, errors=errors)


def _stripped(markup: str, errors: list[str]) -> HtmlText:
    return HtmlText(text=strip_tags(markup), title=_page_title(markup), errors=errors)
