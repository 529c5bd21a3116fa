"""Public entry point of the engine: one input item in, one article record out.

`extract_record({"id", "text", "source", "published", "title"}) -> dict` follows
`event-schema.md`. The steps, in order (each a small function over the `Doc`):
normalise → sentences → one lexicon pass (lexicons, actor aliases, place names) →
numbers → places → per-sentence analysis (casualties, losses, suppression cues) →
segmentation into events → slots (place, date, actors, counts, attribution) → record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from typing import Any

from marsad.extract import actors as actor_roles
from marsad.extract.attribution import source_after
from marsad.extract.dates import parse_published, resolve_date
from marsad.extract.events import (
    Event,
    analyse_sentences,
    attribution_of,
    confidence,
    count_fields,
    event_id,
    losses_of,
    segment,
)
from marsad.extract.knowledgebase import knowledge
from marsad.extract.numbers import parse_quantities
from marsad.extract.places import PlaceMention, find_places
from marsad.extract.tokens import Tokens
from marsad.text.doc import Doc
from marsad.text.normalize import normalize, normalize_key

MAX_TEXT_CHARS = 2_000_000  # longer texts are cut; the record says so


def article_id_for(item: dict[str, Any]) -> str:
    if item.get("id") not in (None, ""):
        return str(item["id"])
    return "sha1-" + hashlib.sha1((item.get("text") or "").encode("utf-8", "replace")).hexdigest()[:16]


def extract_record(item: dict[str, Any]) -> dict[str, Any]:
    """Extract one article record from an input item. Never raises on bad text."""
    published = item.get("published")
    published_day = parse_published(published) if isinstance(published, str) else None
    errors = item.get("errors")
    record: dict[str, Any] = {
        "article_id": article_id_for(item),
        "source": _text_or_none(item.get("source")),
        "published": published_day.isoformat() if published_day else None,
        "language": _text_or_none(item.get("language")) or "ar",
        "events": [],
        "errors": [str(e) for e in errors] if isinstance(errors, list | tuple) else [],
    }
    text = item.get("text")
    # The Doc is built once here and reused for extraction (normalising twice cost ~5%).
    doc = Doc(text) if isinstance(text, str) and len(text) <= MAX_TEXT_CHARS else None
    if doc is not None:
        empty = not doc.ntext.strip()
    else:
        empty = not isinstance(text, str) or not normalize(text).text.strip()
    if empty:  # invisible-only text is empty too
        if not record["errors"]:
            record["errors"].append("empty text")
        return record
    if record["language"] != "ar":
        record["errors"].append(f"not Arabic (detected {record['language']}): no events extracted")
        return record
    if len(text) > MAX_TEXT_CHARS:
        record["errors"].append(f"text cut to {MAX_TEXT_CHARS} characters for extraction")
        text = text[:MAX_TEXT_CHARS]
    if published not in (None, "") and published_day is None:
        record["errors"].append(f"published date not understood: {str(published)[:40]!r}")
    try:
        record["events"] = extract_events(text, record["article_id"], record["published"], doc=doc)
    except Exception as exc:  # one bad article must never stop a run
        record["errors"].append(f"extraction failed: {type(exc).__name__}: {exc}")
    return record


def _text_or_none(value: Any) -> str | None:
    """Metadata fields are strings in the record, whatever the input held."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def extract_events(
    text: str, article_id: str, published_s: str | None, doc: Doc | None = None
) -> list[dict[str, Any]]:
    """Events of one article; `doc` is the article's Doc when the caller has built it."""
    kb = knowledge()
    if doc is None or doc.text != text:
        doc = Doc(text)
    ntext = doc.ntext
    published = parse_published(published_s)
    matches = kb.lexicon.scan(ntext)
    by_lex: dict[str, list] = defaultdict(list)
    for m in matches:
        by_lex[m.lexicon].append(m)
    tokens = Tokens.of(ntext)
    quantities = parse_quantities(ntext, tokens=tokens.triples())
    places = find_places(
        doc,
        tokens,
        by_lex["place"],
        by_lex["location_cues"],
        kb.place_stopwords,
        kb.gazetteer,
        kb.ambiguous_places,
    )
    infos = analyse_sentences(doc, tokens, matches, quantities, places, published)
    title_index = 0 if "\n" in text[:400] and len(doc.sentences) > 1 else None
    article_country = _article_country(doc, places)
    if title_index is not None and infos and _title_marks_no_news(infos[title_index]):
        return []  # an anniversary, film, match or trial story: background, not news
    events = segment(infos, title_index, doc.attrs.get("focus"), article_country)
    actor_mentions = actor_roles.mentions(doc, by_lex["actor"], kb)
    framing = by_lex["framing"]
    out: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for rank, ev in enumerate(events):
        _fill_place(ev, infos, places)
        rec = _event_record(
            doc, ev, infos, kb, published, article_country, actor_mentions, framing, article_id, tokens, rank
        )
        if rec is None or rec["event_id"] in seen_ids or not _attested(rec):
            continue
        seen_ids.add(rec["event_id"])
        out.append(rec)
    out.sort(key=lambda r: r["evidence"][0]["start"])
    return out


_ARMED = {"state", "rebel", "political_militia", "identity_militia", "external"}


def _attested(rec: dict[str, Any]) -> bool:
    """An event needs more than a trigger word: a place, and something that shows
    political violence or its actors (a toll, a loss, an armed or named actor). Words like
    "خطف الأنظار" or "احتجاجا على الخطة" in business or sports news open nothing."""
    loc = rec["location"]
    armed = any(a and a["kind"] in _ARMED and not a.get("inferred") for a in (rec["actor1"], rec["actor2"]))
    counted = any(rec[k] for k in ("fatalities", "injuries", "casualties")) or bool(rec["losses"])
    etype = rec["event_type"]
    if etype == "Strategic developments" or rec["sub_event_type"] == "Government regains territory":
        return armed
    if etype in ("Protests", "Riots"):
        return loc is not None or counted
    if etype == "Battles" or loc is None:
        return armed or (counted and loc is not None)
    return armed or counted or loc["geo_precision"] <= 2


_NO_NEWS_KINDS = {"anniversary", "culture", "sports"}


def _title_marks_no_news(title) -> bool:  # noqa: ANN001
    return any(
        c.entry.get("kind") in _NO_NEWS_KINDS and c.entry.get("scope") == "sentence"
        for c in title.matches["nonevent_cues"]
    )


def _article_country(doc: Doc, places: list[PlaceMention]) -> str | None:
    countries: Counter[str] = doc.attrs.get("countries") or Counter()
    if not countries:
        return None
    return countries.most_common(1)[0][0]


def _fill_place(ev: Event, infos: list, places: list[PlaceMention]) -> None:
    """Events without a place in their own sentences take the nearest earlier place."""
    if ev.place is not None and ev.place.place is not None:
        return
    first = ev.sentences[0].index
    for info in reversed(infos[:first]):
        specific = [p for p in info.places if p.place is not None and p.place.lat is not None]
        if specific:
            ev.place = max(specific, key=lambda p: p.score)
            ev.place_inherited = True
            return
    for info in infos[first:]:
        specific = [p for p in info.places if p.place is not None]
        if specific:
            ev.place = max(specific, key=lambda p: p.score)
            ev.place_inherited = True
            return


def _location(doc: Doc, ev: Event, article_country: str | None, kb) -> dict[str, Any] | None:  # noqa: ANN001
    pm = ev.place
    if pm is None or pm.place is None:
        if article_country:
            c = kb.gazetteer.country(article_country)
            if c is not None:
                return {
                    "mention": c.name_ar or c.name_en,
                    "name": c.name_en,
                    "name_ar": c.name_ar,
                    "admin1": None,
                    "admin2": None,
                    "country": c.country,
                    "lat": c.lat,
                    "lon": c.lon,
                    "geo_precision": 3,
                }
        return None
    p = pm.place
    if pm.extra.get("province_only") and p.admin1 and p.feature not in ("country", "admin1"):
        # "بنفس الولاية": only the province of the place named before is known.
        seat = _province_seat(kb, p)
        return {
            "mention": doc.original_text(pm.start, pm.end),
            "name": p.admin1,
            "name_ar": None,
            "admin1": p.admin1,
            "admin2": None,
            "country": p.country,
            "lat": seat.lat if seat else None,
            "lon": seat.lon if seat else None,
            "geo_precision": 3,
        }
    lat, lon = p.lat, p.lon
    precision = pm.precision
    if (
        pm.partner is not None
        and pm.partner.place is not None
        and pm.partner.place.lat is not None
        and lat is not None
    ):
        lat = round((lat + pm.partner.place.lat) / 2, 5)
        lon = round((lon + pm.partner.place.lon) / 2, 5)
        precision = 2
    if p.feature in ("country", "admin1"):
        precision = 3 if not pm.region else 2
    elif p.feature in ("admin2", "region") and precision == 1:
        precision = 2
    # ACLED codes a place it cannot find to the nearest place it can, with a lower precision:
    # the record then names the place whose point it gives (the mention keeps the text's name).
    named = p
    if lat is None:
        # No point for this village: a place named beside it in the same sentence and
        # province ("قرية X الواقعة في ناحية Y") gives an approximate point.
        sibling = _sibling_with_point(ev, pm)
        if sibling is not None:
            named, lat, lon, precision = sibling, sibling.lat, sibling.lon, 2
    if lat is None:
        # No point for this place: fall back to its province's main town (or centre),
        # honestly less precise.
        seat = _province_seat(kb, p)
        if seat is not None:
            named, lat, lon = seat, seat.lat, seat.lon
            precision = 2 if pm.precision == 2 else 3
    mention = doc.original_text(pm.start, pm.end)
    return {
        "mention": mention,
        "name": named.name_en or None,
        "name_ar": named.name_ar or None,
        "admin1": named.admin1 if named.feature != "admin1" else named.name_en,
        "admin2": named.admin2 if named.feature != "admin1" else None,
        "country": p.country,
        "lat": lat,
        "lon": lon,
        "geo_precision": precision,
    }


def _province_seat(kb, p):  # noqa: ANN001, ANN202
    """The province's main town (a place with a point named like the province), else the
    province itself when it has a point."""
    admin = kb.gazetteer.admin1(p.country_iso2, p.admin1) if p.admin1 else None
    if admin is None:
        return None
    for town in kb.gazetteer.candidates(normalize_key(admin.name_ar or "")):
        if (
            town.country == p.country
            and town.lat is not None
            and town.feature not in ("admin1", "admin2", "country")
        ):
            return town
    return admin if admin.lat is not None else None


def _sibling_with_point(ev: Event, pm: PlaceMention):  # noqa: ANN201
    p = pm.place
    for info in ev.sentences:
        if not (info.start <= pm.start < info.end):
            continue
        near = [
            o.place
            for o in info.places
            if o.place is not None
            and o.place.lat is not None
            and o.place.country == p.country
            and o.place.admin1 == p.admin1
            and o.place.feature not in ("country", "admin1")
        ]
        if near:
            return min(
                near,
                key=lambda q: abs(
                    info.places.index(next(o for o in info.places if o.place is q)) - info.places.index(pm)
                ),
            )
    return None


def _evidence(doc: Doc, ev: Event) -> list[dict[str, Any]]:
    out = []
    for info in sorted(ev.sentences, key=lambda i: i.start):
        s, e = doc.original_span(info.start, info.end)
        out.append({"start": s, "end": e, "text": doc.text[s:e]})
    return out


def _event_record(
    doc: Doc,
    ev: Event,
    infos: list,
    kb,
    published: dt.date | None,  # noqa: ANN001
    article_country: str | None,
    actor_mentions: list,
    framing: list,
    article_id: str,
    tokens: Tokens,
    rank: int = 0,
) -> dict[str, Any] | None:
    location = _location(doc, ev, article_country, kb)
    country = (location or {}).get("country") or article_country
    fat, inj, cas = count_fields(ev)
    date_words = [m for info in ev.sentences for m in info.matches["dates"]]
    date, precision, _ = resolve_date(published, date_words, doc.ntext)
    attribution, _ = attribution_of(doc, ev, infos)
    hedged = bool(attribution and attribution.get("hedged"))
    year = (date or published).year if (date or published) else None
    sources = [
        sp
        for info in ev.sentences + infos[:1]
        for cue in info.matches["attribution"]
        if (sp := source_after(doc, cue, info.end)) is not None
    ]
    actor1, actor2 = actor_roles.assign(doc, ev, infos, actor_mentions, kb, country, year, tokens, sources)
    sub = ev.sub_event_type
    if sub == "Government regains territory" and actor1 is not None and actor1["kind"] != "state":
        sub = "Non-state actor overtakes territory"
    ev.sub_event_type = sub
    rec: dict[str, Any] = {
        "event_id": event_id(article_id, ev),
        "event_type": ev.event_type,
        "sub_event_type": sub,
        "date": date.isoformat() if date else None,
        "time_precision": precision,
        "actor1": actor1,
        "actor2": actor2,
        "location": location,
        "fatalities": fat,
        "injuries": inj,
        "casualties": cas,
        "losses": losses_of(ev),
        "attribution": attribution,
        "evidence": _evidence(doc, ev),
        "confidence": confidence(ev, fat, cas, actor1 is not None, hedged, rank),
        "framing": [
            w for info in ev.sentences for w in actor_roles.framing_in(doc, framing, info.start, info.end)
        ],
    }
    return rec
