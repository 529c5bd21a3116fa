"""Sentence components: what each sentence holds, its tolls and losses, whether it is news, its day.

Each component reads the Doc's earlier layers and fills fields of `doc.infos`
(one `SentenceInfo` per sentence). They run in this order (see `pipeline.COMPONENTS`):
`sentence_layers` → `casualty_facts` → `equipment_losses` → `news_cues` → `event_days`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from marsad.extract.casualties import CountFact, link_casualties
from marsad.extract.dates import day_before, resolve_date, since_month
from marsad.extract.events import MIN_WORDS, SentenceInfo
from marsad.extract.losses import link_losses
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match, load_word_lists
from marsad.text.sentences import split_clauses

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase

_WORDS = load_word_lists("events")
# Cue kinds that make a whole sentence background when they open it.
_OCCASION_KINDS = {"anniversary", "trial", "past"}  # sentence cues a dated action before them outranks
_LEADING_KINDS = {"accusation", "threat", "intention", "denial", "rumour", "hypothetical", "past", "habitual"}
_CAMPAIGN_OPENERS = frozenset(_WORDS["campaign_openers"])
_OPENER_WINDOW = 12  # characters holding an opening word: "وتواصل", "وكانت"
_NEW_EVENT_STRENGTH = 3  # a trigger this strong names an event of its own, not one told back
_TIME_KINDS = {"past", "statistics", "habitual"}  # cues that put a clause's events out of the news window
_CARRIED_KINDS = {"relative", "weekday", "weekday_night", "month"}
_OPENING_SENTENCES = 1  # title and lead (sentence indexes 0 and 1)
_DAY_KINDS = {"weekday": "weekday", "weekday_night": "weekday", "relative": "relative"}
_CAUSE_GAP = 24  # characters from a cause word to the dead: "في ذكرى مرور عام على مقتل"
_CLAUSE_BREAKS = frozenset("،,.;؛:")  # "مظاهرة ضد العنصرية، ما أسفر عن مقتل": another clause
_DEFINITE = morphology.proclitics("definite")  # the article, bare or behind a clitic ("والغارة")
_SAID_DAY_GAP = 40  # characters: "أعلن مصدر أمني الأحد مقتل …": the day of the statement


def sentence_layers(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """One `SentenceInfo` per sentence with the matches, quantities and places inside it."""
    infos = [SentenceInfo(i, s, e) for i, (s, e) in enumerate(doc.sentences)]
    doc.infos = infos
    if not infos:
        return
    matches = [info.matches for info in infos]
    for k, m in zip(doc.sentence_indexes([m.start for m in doc.matches]), doc.matches, strict=True):
        matches[k][m.lexicon].append(m)
    for k, q in zip(doc.sentence_indexes([q.start for q in doc.quantities]), doc.quantities, strict=True):
        infos[k].quantities.append(q)
    for k, p in zip(doc.sentence_indexes([p.name_start for p in doc.places]), doc.places, strict=True):
        infos[k].places.append(p)
    text = doc.ntext
    tokens = doc.tokens
    for info in infos:
        info.question = "؟" in text[info.start : info.end] or "?" in text[info.start : info.end]
        if tokens is not None:
            info.words = tokens.index_at(info.end) - tokens.index_at(info.start)


def casualty_facts(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Killed / wounded figures of each sentence, linked to their numbers."""
    if doc.tokens is None:
        return
    for info in doc.infos:
        mm = info.matches
        info.facts = link_casualties(
            doc.tokens, mm["victims"], mm["person_nouns"], info.quantities, mm["negation"]
        )
        if info.facts and mm["dates"]:
            info.facts = _without_span_totals(info, doc.ntext)
        if info.facts and mm["protest_causes"]:
            info.held_over = _held_over(info, doc.ntext)


def _without_span_totals(info: SentenceInfo, text: str) -> list[CountFact]:
    """ "قتل المتمردون جنديين ليرتفع عدد القتلى منذ 20 يوليو إلى 21", "ارتفعت الحصيلة إلى 137
    قتيلا في الاضطرابات التي تشهدها البلاد منذ 18 أبريل": in a sentence that names a span
    since a month, the figures after a toll update or after the span are its running total,
    not an incident's toll."""
    since = [
        d.start
        for d in info.matches["dates"]
        if d.entry.get("kind") == "month" and since_month(text, d.start)
    ]
    if not since:
        return info.facts
    cut = min(since + [u.start for u in info.matches["toll_updates"]])
    return [f for f in info.facts if f.start < cut]


def _held_over(info: SentenceInfo, text: str) -> list[CountFact]:
    """The dead a protest is held over: a killing told right after a cause word that
    follows a protest trigger ("تظاهر المئات بعد مقتل شاب", "احتجاجات في ذكرى مرور عام
    على مقتل …"), in the same clause. They are why people gather, not protesters the
    forces shot, nor the protest's toll. Sets `info.cause_start` (the first such word's end)."""
    protest_at = info.protest_at()
    if protest_at is None:
        return []
    cause_ends = [c.end for c in info.matches["protest_causes"] if c.start > protest_at]
    held: list[CountFact] = []
    for f in info.facts:
        end = next((e for e in cause_ends if _right_after(text, e, f.start)), None)
        if f.role in ("killed", "both") and end is not None:
            held.append(f)
            info.cause_start = end if info.cause_start is None else min(info.cause_start, end)
    # "بعد مقتل ثلاثة أشخاص وإصابة سبعة": the wounded joined to the dead are held over too.
    for f in info.facts:
        if f not in held and any(_right_after(text, h.end, f.start) for h in held):
            held.append(f)
    return held


def _right_after(text: str, end: int, start: int) -> bool:
    """`start` follows `end` closely, in the same clause."""
    return 0 <= start - end <= _CAUSE_GAP and not _CLAUSE_BREAKS.intersection(text[end:start])


def equipment_losses(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Counted equipment destroyed or taken ("تدمير 6 دبابات")."""
    if doc.tokens is None:
        return
    for info in doc.infos:
        mm = info.matches
        if mm["loss_cues"] and mm["equipment"]:
            info.losses = link_losses(doc.tokens, mm["equipment"], info.quantities, mm["triggers"])


def news_cues(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Sentences (or clauses) that are not news: recalled past, threats, accusations,
    denials, statistics … (nonevent cues), a year before publication, an old date."""
    text = doc.ntext
    published = doc.published
    for info in doc.infos:
        for cue in info.matches["nonevent_cues"]:
            if cue.entry.get("scope") == "other_event":
                info.other_event_spans += [
                    (cue.end, ce)
                    for cs, ce in split_clauses(text, info.start, info.end)
                    if cs <= cue.start < ce
                ]
                continue
            if cue.entry.get("scope") in ("place", "none"):
                continue  # a seat (read by the place step), or a phrase that only hides a shorter cue
            if (
                _covers_sentence(doc, info, cue)
                and not _dated_action_before(doc, info, cue)
                and not _dated_action_after(doc, info, cue)
            ):
                info.suppressed = True
                info.summary = info.summary or cue.entry.get("kind") == "summary"
            else:
                for cs, ce in split_clauses(text, info.start, info.end):
                    if cs <= cue.start < ce:
                        info.suppressed_clauses.append((_cause_start(info, cs, cue.start), ce))
        # A year before the publication year marks a recalled past event.
        if published is not None and any(
            q.not_count == "year" and q.value < published.year for q in info.quantities
        ):
            info.suppressed = True
        _, _, old = resolve_date(published, info.matches["dates"], text)
        if old:
            info.suppressed = True
            info.old_date = True
        elif _undated_campaign(text, info):
            info.suppressed = True
    _background_goes_on(doc)


def _undated_campaign(text: str, info: SentenceInfo) -> bool:
    """ "وتشن تركيا غارات جوية على مواقع لحزب العمال في منطقة هاكورك": a present verb of
    waging opens the sentence and no day is named: a campaign (gold-format.md: an ongoing
    campaign with no day is not coded)."""
    if _first_word(text, info) not in _CAMPAIGN_OPENERS:
        return False
    return not any(
        d.entry.get("kind") in _DAY_KINDS or (d.entry.get("kind") == "month" and day_before(text, d.start))
        for d in info.matches["dates"]
    )


def _background_goes_on(doc: ArticleDoc) -> None:
    """ "يذكر أن الولايات المتحدة شنت غارة في مارس الماضي" … "ونفذت القوات الأميركية الغارة
    قرب مدينة أوباري": a sentence right after a background one that names the same kind of
    event only with the article ("الغارة", "الهجوم") and no day of its own tells the
    recalled event on."""
    text = doc.ntext
    previous: SentenceInfo | None = None
    for info in doc.infos:
        if info.words < MIN_WORDS:
            continue
        if (
            previous is not None
            and _told_as_background(previous)
            and not info.suppressed
            and info.matches["triggers"]
            and not any(d.entry.get("kind") in _DAY_KINDS for d in info.matches["dates"])
        ):
            before = {t.entry.get("sub_event_type") for t in previous.matches["triggers"]}
            # "وقتل 14 شخصا في هذه التظاهرات أحدهم برصاص قوات الأمن": the event named back
            # with the article; the other words (a means, "برصاص") name no new event.
            told_back = [
                t.entry.get("sub_event_type") in before and text.startswith(_DEFINITE, t.start)
                for t in info.matches["triggers"]
            ]
            if any(told_back) and all(
                back or int(t.entry.get("strength") or 1) < _NEW_EVENT_STRENGTH
                for back, t in zip(told_back, info.matches["triggers"], strict=True)
            ):
                info.suppressed = True
        previous = info


def _told_as_background(info: SentenceInfo) -> bool:
    """The sentence is background, or every event word of it stands in a background clause
    ("ومنذ ثلاثة أسابيع، يحتج المتظاهرون يوميا")."""
    triggers = info.matches["triggers"]
    return info.suppressed or (
        bool(triggers)
        and any(c.entry.get("kind") in _TIME_KINDS for c in info.matches["nonevent_cues"])
        and all(any(cs <= t.start < ce for cs, ce in info.suppressed_clauses) for t in triggers)
    )


def _cause_start(info: SentenceInfo, clause_start: int, cue_start: int) -> int:
    """Where the background a cue marks begins in its clause: at the clause's start, or at
    a protest's cause word between a protest trigger and the cue ("تظاهر آلاف اليوم
    احتجاجاً على مقتل صيادين الشهر الماضي": the month past is the killing's, not the
    protest's)."""
    protest_at = info.protest_at(clause_start, cue_start)
    if protest_at is None:
        return clause_start
    causes = [c.start for c in info.matches["protest_causes"] if protest_at < c.start <= cue_start]
    return causes[0] if causes else clause_start


def _dated_action_before(doc: ArticleDoc, info: SentenceInfo, cue: Match) -> bool:
    """An occasion, not the sentence's content: "وقعت مواجهات اليوم الأحد … في الذكرى السنوية
    لـ…", "اعترضت الدفاعات صاروخاً مساء السبت، عشية محاكمة …". The words before the cue
    tell a dated action (a usual or unambiguous trigger and a day word), so only the cue's
    clause is background."""
    if cue.entry.get("kind") not in _OCCASION_KINDS:
        return False
    # The words before the cue, whatever their commas: "شهدت القاهرة اليوم مظاهرات في ذكرى …",
    # "نظم صحافيون، الخميس، وقفات احتجاجية، بالتزامن مع اليوم العالمي …".
    acted = any(
        info.start <= t.start < cue.start and int(t.entry.get("strength") or 1) >= 2
        for t in info.matches["triggers"]
    )
    dated = any(
        info.start <= d.start < cue.start and d.entry.get("kind") in _DAY_KINDS for d in info.matches["dates"]
    )
    return acted and dated


def _dated_action_after(doc: ArticleDoc, info: SentenceInfo, cue: Match) -> bool:
    """ "مثل 20 مشتبها بهم أمام القضاء، على خلفية هجوم بقنبلة يدوية وقع السبت الماضي … قتل فيه
    شخصان": a trial (or anniversary) of an incident of the week told with its day and its
    dead in a later clause; that incident is a passing mention to code (gold-format.md)."""
    if cue.entry.get("kind") not in _OCCASION_KINDS or cue.entry.get("kind") == "past":
        return False
    later = [(cs, ce) for cs, ce in split_clauses(doc.ntext, info.start, info.end) if cs > cue.end]
    if not later:
        return False
    start = later[0][0]
    acted = any(t.start >= start and int(t.entry.get("strength") or 1) >= 2 for t in info.matches["triggers"])
    dated = any(d.start >= start and d.entry.get("kind") in _DAY_KINDS for d in info.matches["dates"])
    dead = any(f.start >= start and f.role in ("killed", "both") and f.best > 0 for f in info.facts)
    return acted and dated and dead


def _covers_sentence(doc: ArticleDoc, info: SentenceInfo, cue: Match) -> bool:
    """Whether a nonevent cue governs its whole sentence rather than one clause.

    "اتهمت منظمة … الحوثيين بارتكاب انتهاكات، من بينها خطف": a sentence that opens with
    the accusation (or threat, denial …) is all its content; "وقال محققو الأمم المتحدة
    الشهر الماضي إن …": a statement made in the past tells of still older things."""
    if cue.entry.get("scope") == "sentence":
        return True
    tokens = doc.tokens
    if (
        tokens is not None
        and cue.entry.get("kind") in _LEADING_KINDS
        and tokens.index_at(cue.start) - tokens.index_at(info.start) <= 1
    ):
        return True
    return cue.entry.get("kind") == "past" and any(
        doc.ntext[cue.end : cue.end + 5].split()[:1] == [w] for w in _WORDS["speech_complements"]
    )


def event_days(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """The day each sentence's action took place, and days carried to later lines."""
    text = doc.ntext
    for info in doc.infos:
        if not info.old_date and not info.matches["toll_updates"]:
            _event_day(info, doc.published, text)
    _carry_dates(doc.infos, text)


def live_triggers(info: SentenceInfo) -> list[Match]:
    """Triggers of the sentence outside its suppressed clauses that name an action."""
    out = []
    for t in info.matches["triggers"]:
        if t.entry.get("sub_event_type") == "none":
            continue  # "الخاضعة لسيطرة …": a state of affairs, not an action
        if any(cs <= t.start < ce for cs, ce in info.suppressed_clauses):
            continue
        out.append(t)
    return out


def _background(text: str, info: SentenceInfo) -> bool:
    """ "وكان المطار قد استأنف عمله يوم الجمعة": the pluperfect tells background; its day
    dates no later line."""
    return _first_word(text, info) in _WORDS["background_openers"]


def _first_word(text: str, info: SentenceInfo) -> str:
    """The sentence's first word (read from a short window: sentences can be megabytes)."""
    first = text[info.start : info.start + _OPENER_WINDOW].split(maxsplit=1)
    return first[0] if first else ""


def _carry_dates(infos: list[SentenceInfo], text: str) -> None:
    """A sentence that names no day takes the day named last ("شهدت عدة محافظات، أمس
    الأربعاء، …" and one line per incident; "في اليوم ذاته"). Only its date words change:
    its own `day` stays unset, so it still joins events of any day."""
    carried: list[Match] = []
    for info in infos:
        # A month name without its day ("آب" is also the start of "أبين") names no day.
        dates = [
            d for d in info.matches["dates"] if d.entry.get("kind") != "month" or day_before(text, d.start)
        ]
        same = [d for d in dates if d.entry.get("kind") == "same_day"]
        if same or not any(d.entry.get("kind") in _CARRIED_KINDS for d in dates):
            if carried and not info.matches["toll_updates"]:
                info.matches["dates"] = [d for d in info.matches["dates"] if d not in same] + carried
            continue
        own = [d for d in dates if d.entry.get("kind") in _CARRIED_KINDS]
        # Only the report's opening or a day of an action dates later lines: "قد يعقد
        # الاجتماع الخميس" does not.
        opening = info.words >= MIN_WORDS and info.index <= _OPENING_SENTENCES
        told = info.summary or (not info.suppressed and (opening or info.facts or live_triggers(info)))
        if own and told and not _background(text, info):
            carried = own[:1]


def _event_day(info: SentenceInfo, published: dt.date | None, text: str) -> None:
    """The day a sentence's action took place, when its own words name one. The day of a
    statement ("أعلن … الأحد مقتل 18 مساء الخميس") gives way to the action's day, and
    "اليوم" names no day of its own (updates and continuations say it)."""
    words = [
        d
        for d in info.matches["dates"]
        if d.entry.get("kind") in _DAY_KINDS
        and not (d.entry.get("kind") == "relative" and d.entry.get("value") == "0")
    ]
    said = [
        d for d in words if any(0 <= d.start - a.end <= _SAID_DAY_GAP for a in info.matches["attribution"])
    ]
    if said and len(said) < len(info.matches["dates"]):
        # The event's date is read from its sentences' date words: leave the statement's out.
        info.matches["dates"] = [d for d in info.matches["dates"] if d not in said]
    words = [d for d in words if d not in said]
    if published is None:
        return
    if not words:
        info.stated_date = _stated_date(info, published, text)
        return
    day, _, _ = resolve_date(published, words[:1], text)
    info.day = day
    info.day_kind = _DAY_KINDS[words[0].entry.get("kind")]


def _stated_date(info: SentenceInfo, published: dt.date, text: str) -> dt.date | None:
    """ "يذكر أنه في 7 يوليو الجاري، انفجرت سيارة ملغمة": a day and month in the news window
    named for an event the sentence tells without the article (a new one, not "الهجوم")."""
    months = [
        d for d in info.matches["dates"] if d.entry.get("kind") == "month" and day_before(text, d.start)
    ]
    if not months or not any(not text.startswith(_DEFINITE, t.start) for t in info.matches["triggers"]):
        return None
    day, _, old = resolve_date(published, months[:1], text)
    return None if old else day
