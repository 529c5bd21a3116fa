/* marsad dashboard: map (map.js: Leaflet, offline vector base map, markercluster),
   timeline with a brush, filters, event list and an RTL article view with evidence marks.
   All text from the data is inserted with textContent: article text is never parsed as HTML. */
(function () {
  "use strict";

  var PAGE_SIZE = 1000;
  var MAX_EVENTS = 20000;
  var LIST_LIMIT = 400;
  var FALLBACK_COLOUR = "#666666";

  var state = {
    events: [],
    total: 0,
    labels: { event_type: {}, sub_event_type: {}, actor_kind: {} },
    countriesAr: {},
    types: new Set(),
    actor: "",
    country: "",
    since: "",
    until: "",
    brush: null, // [startDay, endDay] as YYYY-MM-DD, inclusive
    visible: [],
    selectedEvent: null,
    map: null,
  };

  // ------------------------------------------------------------ helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function setStatus(message) {
    document.getElementById("status").textContent = message || "";
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + " → HTTP " + r.status);
      return r.json();
    });
  }

  function typeInfo(type) {
    return state.labels.event_type[type] || { en: type, ar: type, colour: FALLBACK_COLOUR };
  }

  function subTypeInfo(sub) {
    return state.labels.sub_event_type[sub] || { en: sub, ar: sub };
  }

  function bilingual(ar, en) {
    if (!ar || ar === en) return en || "";
    if (!en) return ar;
    return ar + " · " + en;
  }

  function placeLabel(ev) {
    var parts = [];
    var name = bilingual(ev.location_ar, ev.location);
    if (name) parts.push(name);
    if (ev.admin1 && ev.admin1 !== ev.location) parts.push(ev.admin1);
    if (ev.country) parts.push(bilingual(state.countriesAr[ev.country], ev.country));
    return parts.join("، ");
  }

  function actorLabel(name, nameAr) {
    return bilingual(nameAr, name);
  }

  function dayOf(ev) { return ev.date || null; }

  function parseDay(s) { return Date.parse(s + "T00:00:00Z"); }

  function fmtDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // ------------------------------------------------------------ data

  function loadEvents(offset) {
    var url = "api/events?view=summary&limit=" + PAGE_SIZE + "&offset=" + offset;
    return fetchJSON(url).then(function (page) {
      state.total = page.total;
      Array.prototype.push.apply(state.events, page.events);
      var next = offset + PAGE_SIZE;
      if (next < page.total && state.events.length < MAX_EVENTS && page.events.length > 0) {
        return loadEvents(next);
      }
      return null;
    });
  }

  // ------------------------------------------------------------ filters

  function matchesBase(ev) {
    if (!state.types.has(ev.event_type)) return false;
    if (state.country && ev.country !== state.country) return false;
    if (state.actor) {
      var needle = state.actor.toLowerCase();
      var hay = [ev.actor1, ev.actor1_ar, ev.actor2, ev.actor2_ar, ev.assoc_actor_1, ev.assoc_actor_2]
        .filter(Boolean).join(" | ").toLowerCase();
      if (hay.indexOf(needle) < 0) return false;
    }
    var day = dayOf(ev);
    if (state.since && (!day || day < state.since)) return false;
    if (state.until && (!day || day > state.until)) return false;
    return true;
  }

  function matchesBrush(ev) {
    if (!state.brush) return true;
    var day = dayOf(ev);
    return !!day && day >= state.brush[0] && day <= state.brush[1];
  }

  function applyFilters() {
    var base = state.events.filter(matchesBase);
    state.visible = base.filter(matchesBrush);
    document.getElementById("visible-count").textContent = String(state.visible.length);
    document.getElementById("total-count").textContent = String(state.total);
    updateExportLinks();
    renderMarkers();
    renderList();
    renderTimeline(base);
  }

  function filterQuery() {
    var params = new URLSearchParams();
    var all = Object.keys(state.labels.event_type);
    if (state.types.size !== all.length) state.types.forEach(function (t) { params.append("event_type", t); });
    if (state.country) params.append("country", state.country);
    if (state.actor) params.append("actor", state.actor);
    var since = state.brush ? state.brush[0] : state.since;
    var until = state.brush ? state.brush[1] : state.until;
    if (since) params.append("since", since);
    if (until) params.append("until", until);
    return params.toString();
  }

  function updateExportLinks() {
    var q = filterQuery();
    // ACLED exports are one row per incident: an event reported by several outlets appears once.
    document.getElementById("csv-link").href = "api/incidents.csv" + (q ? "?" + q : "");
    document.getElementById("geojson-link").href = "api/incidents.geojson" + (q ? "?" + q : "");
  }

  function buildFilters(meta) {
    var box = document.getElementById("type-filter");
    var counts = {};
    state.events.forEach(function (ev) { counts[ev.event_type] = (counts[ev.event_type] || 0) + 1; });
    Object.keys(state.labels.event_type).forEach(function (type) {
      var info = typeInfo(type);
      state.types.add(type);
      var label = el("label", "type-option");
      var input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = type;
      input.setAttribute("data-type", type);
      input.addEventListener("change", function () {
        if (input.checked) state.types.add(type); else state.types.delete(type);
        applyFilters();
      });
      var swatch = el("span", "swatch");
      swatch.style.background = info.colour || FALLBACK_COLOUR;
      var names = el("span", "names");
      names.appendChild(el("span", null, info.ar));
      names.appendChild(el("span", "en", info.en));
      label.appendChild(input);
      label.appendChild(swatch);
      label.appendChild(names);
      label.appendChild(el("span", "count", counts[type] || 0));
      box.appendChild(label);
    });

    var countries = {};
    state.events.forEach(function (ev) { if (ev.country) countries[ev.country] = (countries[ev.country] || 0) + 1; });
    var select = document.getElementById("country-filter");
    Object.keys(countries).sort().forEach(function (name) {
      var option = el("option", null, bilingual(state.countriesAr[name], name) + " (" + countries[name] + ")");
      option.value = name;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { state.country = select.value; applyFilters(); });

    var actors = document.getElementById("actor-options");
    ((meta.facets && meta.facets.actor) || []).forEach(function (a) {
      var option = el("option");
      option.value = a.value;
      actors.appendChild(option);
    });
    var actorInput = document.getElementById("actor-filter");
    var timer = null;
    actorInput.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.actor = actorInput.value.trim(); applyFilters(); }, 150);
    });

    var since = document.getElementById("since-filter");
    var until = document.getElementById("until-filter");
    since.addEventListener("change", function () { state.since = since.value; applyFilters(); });
    until.addEventListener("change", function () { state.until = until.value; applyFilters(); });

    document.getElementById("reset-filters").addEventListener("click", function () {
      Array.prototype.forEach.call(box.querySelectorAll("input[type=checkbox]"), function (i) { i.checked = true; });
      Object.keys(state.labels.event_type).forEach(function (t) { state.types.add(t); });
      state.country = ""; select.value = "";
      state.actor = ""; actorInput.value = "";
      state.since = ""; since.value = "";
      state.until = ""; until.value = "";
      state.brush = null;
      applyFilters();
    });
    document.getElementById("clear-brush").addEventListener("click", function () {
      state.brush = null;
      applyFilters();
    });
  }

  // ------------------------------------------------------------ map (map.js)

  function eventTooltip(ev) {
    var box = el("div");
    box.appendChild(el("strong", null, bilingual(typeInfo(ev.event_type).ar, ev.event_type)));
    box.appendChild(el("div", null, subTypeInfo(ev.sub_event_type).ar + " · " + ev.sub_event_type));
    box.appendChild(el("div", null, (ev.date || "—") + " · " + placeLabel(ev)));
    if (ev.fatalities) box.appendChild(el("div", null, "قتلى · fatalities: " + ev.fatalities));
    return box;
  }

  function initMap() {
    MarsadMap.init({
      typeInfo: typeInfo,
      tooltip: eventTooltip,
      onSelect: function (ev) { selectEvent(ev, true); },
    });
    state.map = MarsadMap.map();
  }

  function renderMarkers() { MarsadMap.render(state.visible); }

  function fitToEvents() { MarsadMap.fit(state.events); }

  // ------------------------------------------------------------ list

  function renderList() {
    var list = document.getElementById("event-list");
    list.textContent = "";
    var shown = state.visible.slice(0, LIST_LIMIT);
    shown.forEach(function (ev) {
      var li = el("li");
      li.tabIndex = 0;
      li.setAttribute("data-event-id", ev.event_id);
      li.setAttribute("data-article-id", ev.article_id);
      if (state.selectedEvent === ev.event_id) li.classList.add("selected");
      var swatch = el("span", "swatch");
      swatch.style.background = typeInfo(ev.event_type).colour || FALLBACK_COLOUR;
      li.appendChild(swatch);
      var info = subTypeInfo(ev.sub_event_type);
      var line1 = el("span", "line1");
      line1.appendChild(el("bdi", null, ev.date || "—"));
      line1.appendChild(document.createTextNode(" · " + info.ar + " · " + ev.sub_event_type));
      li.appendChild(line1);
      li.appendChild(el("span", "line2", placeLabel(ev) || "—"));
      var actors = [actorLabel(ev.actor1, ev.actor1_ar), actorLabel(ev.actor2, ev.actor2_ar)].filter(Boolean);
      var line3 = actors.join(" ↔ ");
      if (ev.fatalities) line3 += (line3 ? " · " : "") + "قتلى " + ev.fatalities + " fatalities";
      li.appendChild(el("span", "line3", line3 || (ev.source || "")));
      li.addEventListener("click", function () { selectEvent(ev, true); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") selectEvent(ev, true); });
      list.appendChild(li);
    });
    var more = document.getElementById("list-more");
    if (state.visible.length > shown.length) {
      more.hidden = false;
      more.textContent = "… " + (state.visible.length - shown.length) + " أحداث أخرى · more events (narrow the filters)";
    } else {
      more.hidden = true;
    }
  }

  // ------------------------------------------------------------ timeline + brush

  function renderTimeline(base) {
    var svg = document.getElementById("timeline");
    svg.textContent = "";
    var width = svg.clientWidth || 600;
    var height = svg.clientHeight || 90;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var days = base.map(dayOf).filter(Boolean).sort();
    var label = document.getElementById("brush-label");
    document.getElementById("clear-brush").hidden = !state.brush;
    label.textContent = state.brush ? state.brush[0] + " → " + state.brush[1] : "اسحب لتحديد فترة · drag to select dates";
    if (!days.length) {
      svg.appendChild(svgEl("text", { x: 8, y: height / 2 })).textContent = "لا تواريخ · no dates";
      return;
    }
    var t0 = parseDay(days[0]);
    var t1 = parseDay(days[days.length - 1]);
    var DAY = 86400000;
    var spanDays = Math.round((t1 - t0) / DAY) + 1;
    var bucketDays = spanDays > 3 * 365 ? 30 : spanDays > 240 ? 7 : 1;
    var pad = 10;
    var axis = 16;
    var nBuckets = Math.max(1, Math.ceil(spanDays / bucketDays));
    var counts = new Array(nBuckets).fill(0);
    days.forEach(function (d) { counts[Math.floor((parseDay(d) - t0) / DAY / bucketDays)] += 1; });
    var maxCount = Math.max.apply(null, counts);
    var barW = (width - 2 * pad) / nBuckets;
    var plotH = height - axis - 4;
    function xOf(ms) { return pad + ((ms - t0) / DAY / bucketDays) * barW; }
    function msOf(x) { return t0 + Math.max(0, Math.min(nBuckets, (x - pad) / barW)) * bucketDays * DAY; }
    counts.forEach(function (n, i) {
      if (!n) return;
      var h = Math.max(2, (n / maxCount) * plotH);
      var start = fmtDay(t0 + i * bucketDays * DAY);
      var end = fmtDay(t0 + ((i + 1) * bucketDays - 1) * DAY);
      var inBrush = !state.brush || (end >= state.brush[0] && start <= state.brush[1]);
      var rect = svgEl("rect", {
        x: pad + i * barW + 0.5, y: plotH - h + 2, width: Math.max(1, barW - 1), height: h,
        "class": inBrush ? "bar in" : "bar",
      });
      var title = svgEl("title");
      title.textContent = start + (bucketDays > 1 ? " → " + end : "") + ": " + n;
      rect.appendChild(title);
      svg.appendChild(rect);
    });
    var first = svgEl("text", { x: pad, y: height - 3 });
    first.textContent = days[0];
    svg.appendChild(first);
    var last = svgEl("text", { x: width - pad, y: height - 3, "text-anchor": "end" });
    last.textContent = days[days.length - 1];
    svg.appendChild(last);
    if (state.brush) {
      var bx0 = xOf(parseDay(state.brush[0]));
      var bx1 = xOf(parseDay(state.brush[1]) + DAY);
      svg.appendChild(svgEl("rect", { x: bx0, y: 0, width: Math.max(2, bx1 - bx0), height: plotH + 4, "class": "brush" }));
    }
    svg.__msOf = msOf;
  }

  function initBrush() {
    var svg = document.getElementById("timeline");
    var drag = null;
    function localX(e) {
      var box = svg.getBoundingClientRect();
      var vb = svg.viewBox.baseVal;
      return (e.clientX - box.left) * ((vb && vb.width) || box.width) / box.width;
    }
    svg.addEventListener("pointerdown", function (e) {
      if (!svg.__msOf) return;
      drag = { x0: localX(e), rect: svgEl("rect", { x: localX(e), y: 0, width: 1, height: svg.clientHeight - 16, "class": "brush" }) };
      svg.appendChild(drag.rect);
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var x = localX(e);
      drag.rect.setAttribute("x", String(Math.min(x, drag.x0)));
      drag.rect.setAttribute("width", String(Math.abs(x - drag.x0)));
    });
    svg.addEventListener("pointerup", function (e) {
      if (!drag) return;
      var x = localX(e);
      var a = Math.min(x, drag.x0), b = Math.max(x, drag.x0);
      drag = null;
      if (b - a < 3) {
        state.brush = null;
      } else {
        state.brush = [fmtDay(svg.__msOf(a)), fmtDay(svg.__msOf(b) - 1)];
        if (state.brush[1] < state.brush[0]) state.brush[1] = state.brush[0];
      }
      applyFilters();
    });
  }

  // ------------------------------------------------------------ article view

  function selectEvent(ev, openArticle) {
    state.selectedEvent = ev.event_id;
    Array.prototype.forEach.call(document.querySelectorAll("#event-list li"), function (li) {
      li.classList.toggle("selected", li.getAttribute("data-event-id") === ev.event_id);
    });
    if (openArticle) openArticleView(ev.article_id, ev.event_id);
  }

  function codePoints(text) { return Array.from(text); }

  /* Split the text at every evidence boundary; a piece covered by evidence becomes a <mark>.
     Offsets are code points (Python's), hence Array.from rather than UTF-16 indices. */
  function renderArticleText(container, text, evidence) {
    container.textContent = "";
    var chars = codePoints(text);
    var n = chars.length;
    var spans = evidence.filter(function (s) {
      return Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= n && s.start < s.end;
    });
    var cuts = new Set([0, n]);
    spans.forEach(function (s) { cuts.add(s.start); cuts.add(s.end); });
    var points = Array.from(cuts).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1];
      var piece = chars.slice(a, b).join("");
      var covering = spans.filter(function (s) { return s.start <= a && s.end >= b; });
      if (!covering.length) {
        container.appendChild(document.createTextNode(piece));
        continue;
      }
      var mark = el("mark", null, piece);
      var ids = Array.from(new Set(covering.map(function (s) { return s.event_id; })));
      mark.setAttribute("data-event-ids", ids.join(" "));
      mark.addEventListener("click", function (idList) {
        return function () { highlightEvent(idList[0]); };
      }(ids));
      container.appendChild(mark);
    }
  }

  function field(dl, labelAr, labelEn, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, labelAr + " · " + labelEn));
    var dd = el("dd", null, value);
    dd.dir = "auto";
    dl.appendChild(dd);
  }

  function countText(min, max, best) {
    if (best === null || best === undefined) return "";
    if (max !== null && max !== undefined && max !== best) return best + " (" + (min === null ? "?" : min) + "–" + max + ")";
    return String(best);
  }

  function renderEventCards(box, events) {
    box.textContent = "";
    if (!events.length) {
      box.appendChild(el("p", null, "لا أحداث في هذا الخبر · no events in this article"));
      return;
    }
    events.forEach(function (ev) {
      var rec = ev.record || {};
      var card = el("article", "event-card");
      card.setAttribute("data-event-id", ev.event_id);
      var h = el("h3");
      var swatch = el("span", "swatch");
      swatch.style.background = typeInfo(ev.event_type).colour || FALLBACK_COLOUR;
      h.appendChild(swatch);
      h.appendChild(el("span", null, subTypeInfo(ev.sub_event_type).ar + " · " + ev.sub_event_type));
      card.appendChild(h);
      var dl = el("dl");
      field(dl, "النوع", "Type", bilingual(typeInfo(ev.event_type).ar, ev.event_type));
      field(dl, "التاريخ", "Date", ev.date ? ev.date + (ev.time_precision > 1 ? " (±" + (ev.time_precision === 2 ? "week" : "month") + ")" : "") : "—");
      field(dl, "الفاعل 1", "Actor 1", actorLabel(ev.actor1, ev.actor1_ar));
      field(dl, "شركاء 1", "Assoc. 1", ev.assoc_actor_1);
      field(dl, "الفاعل 2", "Actor 2", actorLabel(ev.actor2, ev.actor2_ar));
      field(dl, "شركاء 2", "Assoc. 2", ev.assoc_actor_2);
      field(dl, "المكان", "Location", placeLabel(ev));
      if (ev.latitude !== null && ev.latitude !== undefined) {
        field(dl, "الإحداثيات", "Coordinates", ev.latitude.toFixed(4) + ", " + ev.longitude.toFixed(4) + " (precision " + ev.geo_precision + ")");
      }
      var f = rec.fatalities || {}, inj = rec.injuries || {}, cas = rec.casualties || {};
      field(dl, "القتلى", "Fatalities", countText(f.min, f.max, f.best));
      field(dl, "الجرحى", "Injuries", countText(inj.min, inj.max, inj.best));
      field(dl, "ضحايا", "Casualties", countText(cas.min, cas.max, cas.best));
      (rec.losses || []).forEach(function (loss) { field(dl, "خسائر", "Losses", loss.count + " × " + loss.item); });
      if (rec.attribution) {
        field(dl, "المصدر", "Attribution", (rec.attribution.source || "—") + (rec.attribution.hedged ? " (غير مؤكد · unconfirmed)" : ""));
      }
      field(dl, "الثقة", "Confidence", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : "");
      card.appendChild(dl);
      var notes = el("p", "notes", ev.notes);
      notes.dir = "ltr";
      notes.lang = "en";
      card.appendChild(notes);
      card.addEventListener("click", function () { highlightEvent(ev.event_id); });
      box.appendChild(card);
    });
  }

  // ------------------------------------------------------------ sources of an incident (issue 10)

  var RULE_LABELS = {
    latest_official: "آخر رقم رسمي · latest official figure",
    lowest_credible: "أدنى رقم موثوق · lowest credible figure",
    only_claim: "رقم وحيد · one figure reported",
    none_reported: "لم يُذكر قتلى · no fatalities reported",
  };

  function sourcesTable(incident, articleId) {
    var box = el("section", "incident-sources");
    box.setAttribute("data-incident-id", incident.incident_id);
    box.appendChild(el("h4", null, "المصادر · Sources (" + incident.claims.length + " reports, " +
      (incident.outlets || []).length + " outlets)"));
    var rule = (incident.fatalities_claim && incident.fatalities_claim.rule) || "";
    box.appendChild(el("p", "incident-figure", "قتلى الحادثة · Incident fatalities: " +
      (incident.fatalities === null || incident.fatalities === undefined ? "—" : incident.fatalities) +
      (RULE_LABELS[rule] ? " (" + RULE_LABELS[rule] + ")" : "")));
    var table = el("table");
    var head = el("tr");
    ["المصدر · Outlet", "القتلى · Killed", "الجرحى · Injured", "الإسناد · Attribution", "النشر · Published"]
      .forEach(function (label) { head.appendChild(el("th", null, label)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    incident.claims.forEach(function (claim) {
      var tr = el("tr");
      tr.setAttribute("data-event-id", claim.event_id);
      if (claim.chosen) tr.classList.add("chosen");
      if (claim.status === "superseded") tr.classList.add("superseded");
      if (claim.article_id === articleId) tr.classList.add("this-article");
      var f = claim.fatalities || {}, inj = claim.injuries || {};
      var outlet = (claim.outlet || claim.article_id) + (claim.chosen ? " ✓" : "") +
        (claim.status === "superseded" ? " (نسخة سابقة · superseded)" : "");
      var attribution = claim.attribution || {};
      [outlet, countText(f.min, f.max, f.best) || "—", countText(inj.min, inj.max, inj.best) || "—",
        (attribution.source || "—") + (attribution.hedged ? " (غير مؤكد · unconfirmed)" : ""),
        claim.published || "—"].forEach(function (value) {
        var td = el("td", null, value);
        td.dir = "auto";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  function showIncidentSources(articleId) {
    var url = "api/incidents?view=full&limit=100&article_id=" + encodeURIComponent(articleId);
    return fetchJSON(url).then(function (page) {
      var byEvent = {};
      (page.incidents || []).forEach(function (incident) {
        (incident.claims || []).forEach(function (claim) { byEvent[claim.event_id] = incident; });
      });
      Array.prototype.forEach.call(document.querySelectorAll("#event-fields .event-card"), function (card) {
        var incident = byEvent[card.getAttribute("data-event-id")];
        if (!incident || incident.claims.length < 2 || card.querySelector(".incident-sources")) return;
        card.appendChild(sourcesTable(incident, articleId));
      });
    }).catch(function (err) { setStatus("تعذر تحميل المصادر · could not load the sources: " + err.message); });
  }

  function highlightEvent(eventId) {
    state.selectedEvent = eventId;
    var firstMark = null;
    Array.prototype.forEach.call(document.querySelectorAll("#article-text mark"), function (m) {
      var on = (m.getAttribute("data-event-ids") || "").split(" ").indexOf(eventId) >= 0;
      m.classList.toggle("selected", on);
      if (on && !firstMark) firstMark = m;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#event-fields .event-card"), function (c) {
      var on = c.getAttribute("data-event-id") === eventId;
      c.classList.toggle("selected", on);
      if (on && c.scrollIntoView) c.scrollIntoView({ block: "nearest" });
    });
    if (firstMark && firstMark.scrollIntoView) firstMark.scrollIntoView({ block: "center" });
  }

  function openArticleView(articleId, eventId) {
    var view = document.getElementById("article-view");
    setStatus("");
    return fetchJSON("api/articles/" + encodeURIComponent(articleId)).then(function (article) {
      document.getElementById("article-title").textContent = article.title || article.article_id;
      var metaLine = document.getElementById("article-meta");
      metaLine.textContent = "";
      [article.source, article.published, article.article_id].filter(Boolean).forEach(function (part, i) {
        if (i) metaLine.appendChild(document.createTextNode(" · "));
        metaLine.appendChild(el("bdi", null, part)); // keeps dates and ids in their own direction
      });
      var errors = document.getElementById("article-errors");
      errors.textContent = "";
      (article.errors || []).forEach(function (e) { errors.appendChild(el("li", null, e)); });
      renderArticleText(document.getElementById("article-text"), article.text || "", article.evidence || []);
      renderEventCards(document.getElementById("event-fields"), article.events || []);
      showIncidentSources(article.article_id);
      // review.js adds its controls to the cards (only with a review token).
      document.dispatchEvent(new CustomEvent("marsad:article", { detail: { article: article } }));
      view.hidden = false;
      view.setAttribute("data-article-id", article.article_id);
      var target = eventId || (article.events[0] && article.events[0].event_id);
      if (target) highlightEvent(target);
      document.getElementById("close-article").focus();
      var hash = "#article=" + encodeURIComponent(article.article_id) + (target ? "&event=" + encodeURIComponent(target) : "");
      if (location.hash !== hash) history.replaceState(null, "", hash);
    }).catch(function (err) { setStatus("تعذر تحميل الخبر · could not load the article: " + err.message); });
  }

  function closeArticleView() {
    document.getElementById("article-view").hidden = true;
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  function openFromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var article = params.get("article");
    if (article) openArticleView(article, params.get("event"));
  }

  // ------------------------------------------------------------ start

  function start() {
    document.getElementById("close-article").addEventListener("click", closeArticleView);
    document.getElementById("article-view").addEventListener("click", function (e) {
      if (e.target === e.currentTarget) closeArticleView();
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeArticleView(); });
    initMap();
    initBrush();
    setStatus("جار التحميل… · loading…");
    fetchJSON("api/meta").then(function (meta) {
      state.labels = meta.labels || state.labels;
      state.countriesAr = meta.countries_ar || {};
      return loadEvents(0).then(function () { return meta; });
    }).then(function (meta) {
      buildFilters(meta);
      fitToEvents();
      applyFilters();
      setStatus(state.events.length < state.total
        ? "عرض أول " + state.events.length + " حدث · showing the first " + state.events.length + " events" : "");
      document.getElementById("map").setAttribute("data-ready", "1");
      openFromHash();
    }).catch(function (err) {
      setStatus("خطأ · error: " + err.message);
    });
    window.addEventListener("resize", function () { renderTimeline(state.events.filter(matchesBase)); });
  }

  function reloadEvents() {
    state.events = [];
    return loadEvents(0).then(applyFilters);
  }

  // What review.js uses: reopen an article after a review, reload the map, pick a point.
  window.MarsadDashboard = {
    openArticle: openArticleView,
    reloadEvents: reloadEvents,
    map: function () { return state.map; },
    labels: function () { return state.labels; },
    setStatus: setStatus,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
