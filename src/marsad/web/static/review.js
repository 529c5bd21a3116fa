/* marsad review (issue 18): confirm, edit, reject, merge and add events from the article view,
   and a review queue (lowest confidence first) with keyboard shortcuts. Controls appear only
   after a review token is accepted by the server (GET api/review/session); without one the
   dashboard stays read-only. Every value from the data is inserted with textContent or .value. */
(function () {
  "use strict";

  var SESSION_KEY = "marsad.review";
  var REASONS = [
    ["not_news", "ليس خبرا · not news"],
    ["duplicate", "مكرر · duplicate"],
    ["not_conflict", "ليس نزاعا · not conflict"],
    ["other", "آخر · other"],
  ];
  var STATUS = {
    unreviewed: "لم يراجع · unreviewed",
    confirmed: "مؤكد · confirmed",
    corrected: "مصحح · corrected",
    rejected: "مرفوض · rejected",
  };
  var session = null;
  var article = null;
  var queue = { items: [], index: 0, open: false };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function dash() { return window.MarsadDashboard; }

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + session.token },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }

  function errorText(res) {
    var d = res.data && res.data.detail;
    if (Array.isArray(d)) d = d.map(function (x) { return x.msg; }).join("; ");
    return "HTTP " + res.status + (d ? ": " + d : "");
  }

  // ------------------------------------------------------------ session

  function checkToken(token) {
    return fetch("api/review/session", { headers: { Authorization: "Bearer " + token } }).then(function (r) { return r.ok; });
  }

  function startSession(s) {
    session = s;
    document.body.classList.add("reviewing");
    document.getElementById("review-login").textContent = "مراجع · Reviewer: " + s.reviewer;
    document.getElementById("review-queue-open").hidden = false;
    if (article) dash().openArticle(article.article_id);
  }

  function loginForm() {
    var form = el("form", "review-login-form");
    form.id = "review-login-form";
    var token = el("input");
    token.type = "password";
    token.name = "token";
    token.placeholder = "رمز المراجعة · review token";
    token.autocomplete = "off";
    var name = el("input");
    name.name = "reviewer";
    name.placeholder = "اسم المراجع · reviewer name";
    var go = el("button", null, "دخول · Start reviewing");
    go.type = "submit";
    var msg = el("span", "review-message");
    [token, name, go, msg].forEach(function (n) { form.appendChild(n); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!token.value || !name.value.trim()) { msg.textContent = "الرمز والاسم مطلوبان · token and name needed"; return; }
      checkToken(token.value).then(function (ok) {
        if (!ok) { msg.textContent = "رمز غير صالح · the server refused this token"; return; }
        var s = { token: token.value, reviewer: name.value.trim() };
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
        form.remove();
        startSession(s);
      });
    });
    return form;
  }

  // ------------------------------------------------------------ cards

  function after(res, ev, card) {
    if (res.status === 200) {
      dash().reloadEvents();
      return dash().openArticle(article.article_id, ev.event_id).then(refreshQueue);
    }
    var msg = card.querySelector(".review-message");
    if (res.status === 409 && res.data.current) {
      var cur = res.data.current;
      // Keep the analyst's form; the next save is made against the version now stored.
      article.events = article.events.map(function (e) { return e.event_id === cur.event_id ? cur : e; });
      Object.assign(ev, cur);
      msg.textContent = "تعارض · Conflict: " + cur.reviewer + " saved version " + cur.review_version +
        " (" + STATUS[cur.review_status] + ", fatalities " + (cur.fatalities === null ? "—" : cur.fatalities) +
        "). Your change was not saved; save again to apply it over theirs.";
    } else {
      msg.textContent = "تعذر الحفظ · not saved: " + errorText(res);
    }
    msg.classList.add("error");
    return null;
  }

  function act(ev, card, action, body) {
    body.version = ev.review_version || 0;
    body.reviewer = session.reviewer;
    return post("api/reviews/" + action + "/" + encodeURIComponent(ev.event_id), body)
      .then(function (res) { return after(res, ev, card); });
  }

  function input(form, labelText, name, value, type) {
    var label = el("label", "review-field");
    label.appendChild(el("span", null, labelText));
    var node = el("input");
    node.name = name;
    node.type = type || "text";
    if (type === "number") node.step = "any";
    node.value = value === null || value === undefined ? "" : String(value);
    node.setAttribute("data-initial", node.value);
    label.appendChild(node);
    form.appendChild(label);
    return node;
  }

  function subTypeSelect(form, value) {
    var label = el("label", "review-field");
    label.appendChild(el("span", null, "النوع الفرعي · Sub-event type"));
    var select = el("select");
    select.name = "sub_event_type";
    Object.keys(dash().labels().sub_event_type || {}).forEach(function (sub) {
      var info = dash().labels().sub_event_type[sub];
      var option = el("option", null, (info.ar || sub) + " · " + sub);
      option.value = sub;
      select.appendChild(option);
    });
    select.value = value || "";
    select.setAttribute("data-initial", select.value);
    label.appendChild(select);
    form.appendChild(label);
    return select;
  }

  function changed(form, names) {
    return names.some(function (n) {
      var node = form.elements[n];
      return node && node.value !== node.getAttribute("data-initial");
    });
  }

  function num(form, name) {
    var v = form.elements[name].value.trim();
    return v === "" ? null : Number(v);
  }

  function count(form, prefix) {
    var best = num(form, prefix + "_best");
    if (best === null) return null;
    return { best: best, min: num(form, prefix + "_min"), max: num(form, prefix + "_max") };
  }

  function actorChange(rec, name) {
    if (!name) return null;
    var old = rec || {};
    return { name: name, kind: old.kind || null, name_ar: old.name === name ? old.name_ar : null, mention: old.name === name ? old.mention : null };
  }

  function collectChanges(form, rec) {
    var changes = {};
    var loc = rec.location || {};
    if (changed(form, ["sub_event_type"])) changes.sub_event_type = form.elements.sub_event_type.value;
    if (changed(form, ["date"])) changes.date = form.elements.date.value || null;
    ["actor1", "actor2"].forEach(function (role) {
      if (changed(form, [role])) changes[role] = actorChange(rec[role], form.elements[role].value.trim());
    });
    if (changed(form, ["place", "country", "admin1", "lat", "lon", "geo_precision"])) {
      var name = form.elements.place.value.trim();
      // A gazetteer candidate still standing in the form brings its Arabic name and district.
      var known = form.__picked && form.__picked.name === name ? form.__picked : (name === loc.name ? loc : {});
      changes.location = {
        name: name || null, name_ar: known.name_ar || null, mention: loc.mention || null,
        admin1: form.elements.admin1.value.trim() || null, admin2: known.admin2 || null,
        country: form.elements.country.value.trim(), lat: num(form, "lat"), lon: num(form, "lon"),
        geo_precision: num(form, "geo_precision"),
      };
    }
    ["fatalities", "injuries", "casualties"].forEach(function (k) {
      if (changed(form, [k + "_best", k + "_min", k + "_max"])) changes[k] = count(form, k);
    });
    if (changed(form, ["losses"])) changes.losses = parseLosses(form.elements.losses.value, rec.losses || []);
    if (changed(form, ["attribution"])) {
      var source = form.elements.attribution.value.trim();
      changes.attribution = source ? { source: source, hedged: !!(rec.attribution && rec.attribution.hedged) } : null;
    }
    return changes;
  }

  // Losses as the card shows them, "2 × tank, 1 × aircraft"; the server checks the items.
  function lossesText(losses) {
    return (losses || []).map(function (l) { return l.count + " × " + l.item; }).join(", ");
  }

  function parseLosses(text, old) {
    return text.split(/[,،]/).map(function (piece) { return piece.trim(); }).filter(Boolean).map(function (piece) {
      var m = /^(\d+)\s*[×x*]?\s*([A-Za-z_]+)$/.exec(piece);
      if (!m) throw new Error("losses: write each as a count and an item, e.g. 2 × tank (not " + JSON.stringify(piece) + ")");
      var loss = { count: Number(m[1]), item: m[2] };
      var same = old.filter(function (l) { return l.item === loss.item && l.side; })[0];
      if (same) loss.side = same.side; // which side lost it stays as the engine or a reviewer had it
      return loss;
    });
  }

  function pickOnMap(form) {
    var view = document.getElementById("article-view");
    var map = dash().map();
    view.hidden = true;
    dash().setStatus("انقر على الخريطة لتحديد المكان · click the map to place the event");
    map.once("click", function (e) {
      form.elements.lat.value = e.latlng.lat.toFixed(5);
      form.elements.lon.value = e.latlng.lng.toFixed(5);
      dash().setStatus("");
      view.hidden = false;
    });
  }

  /* The gazetteer's candidates for the name typed (as `marsad where` ranks them); choosing one
     fills the place, province, country, point and precision. */
  function candidateButton(form, c) {
    var li = el("li");
    var button = el("button", "review-candidate");
    button.type = "button";
    button.setAttribute("data-place-id", c.id);
    var where = [c.admin1, c.country].filter(Boolean).join("، ");
    button.appendChild(el("bdi", null, c.name_ar ? c.name_ar + " · " + c.name : c.name));
    var detail = el("bdi", "candidate-detail", where + " (" + c.feature + ", precision " + c.geo_precision +
      ", score " + c.score + ")");
    detail.dir = "ltr"; // the Latin detail keeps its own order inside the Arabic form
    button.appendChild(document.createTextNode(" — "));
    button.appendChild(detail);
    if (c.lat === null || c.lon === null) {
      button.disabled = true;
      button.appendChild(document.createTextNode(" · لا إحداثيات · no coordinates"));
    }
    button.addEventListener("click", function () {
      form.elements.place.value = c.name || c.name_ar;
      form.elements.admin1.value = c.admin1 || "";
      form.elements.country.value = c.country || "";
      form.elements.lat.value = String(c.lat);
      form.elements.lon.value = String(c.lon);
      form.elements.geo_precision.value = String(c.geo_precision);
      form.__picked = c;
      form.querySelector(".review-candidates").textContent = "";
    });
    li.appendChild(button);
    return li;
  }

  function findPlace(form) {
    var list = form.querySelector(".review-candidates");
    var name = form.elements.place.value.trim();
    list.textContent = "";
    if (!name) { list.appendChild(el("li", null, "اكتب اسم المكان أولا · type the place name first")); return; }
    fetch("api/places/candidates?limit=8&name=" + encodeURIComponent(name), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        list.textContent = "";
        (data.candidates || []).forEach(function (c) { list.appendChild(candidateButton(form, c)); });
        if (!(data.candidates || []).length) list.appendChild(el("li", null, "لا مرشحين · no gazetteer candidates"));
      });
  }

  function fieldsForm(rec, withPlacePicker) {
    var form = el("form", "review-form");
    var loc = rec.location || {};
    var f = rec.fatalities || {}, inj = rec.injuries || {}, cas = rec.casualties || {};
    subTypeSelect(form, rec.sub_event_type);
    input(form, "التاريخ · Date", "date", rec.date, "date");
    // Actors from the stored actor base (the filter's list), free text allowed.
    input(form, "الفاعل 1 · Actor 1", "actor1", rec.actor1 && rec.actor1.name).setAttribute("list", "actor-options");
    input(form, "الفاعل 2 · Actor 2", "actor2", rec.actor2 && rec.actor2.name).setAttribute("list", "actor-options");
    input(form, "المكان · Place", "place", loc.name || loc.name_ar);
    input(form, "البلد · Country", "country", loc.country);
    input(form, "المحافظة · Admin1", "admin1", loc.admin1);
    input(form, "خط العرض · Lat", "lat", loc.lat, "number");
    input(form, "خط الطول · Lon", "lon", loc.lon, "number");
    input(form, "دقة المكان · Geo precision (1-3)", "geo_precision", loc.geo_precision, "number");
    if (withPlacePicker) {
      var find = el("button", "review-find-place", "ابحث في المعجم الجغرافي · Find in the gazetteer");
      find.type = "button";
      find.addEventListener("click", function () { findPlace(form); });
      form.appendChild(find);
      form.appendChild(el("ul", "review-candidates"));
      var pick = el("button", "review-pick", "اختر على الخريطة · Pick on map");
      pick.type = "button";
      pick.addEventListener("click", function () { pickOnMap(form); });
      form.appendChild(pick);
    }
    input(form, "القتلى · Killed", "fatalities_best", f.best, "number");
    input(form, "القتلى (أدنى) · Killed min", "fatalities_min", f.min, "number");
    input(form, "القتلى (أعلى) · Killed max", "fatalities_max", f.max, "number");
    input(form, "الجرحى · Wounded", "injuries_best", inj.best, "number");
    input(form, "الجرحى (أدنى) · Wounded min", "injuries_min", inj.min, "number");
    input(form, "الجرحى (أعلى) · Wounded max", "injuries_max", inj.max, "number");
    // Killed and wounded reported together ("سقوط 12 ضحية"): ACLED's lumped count.
    input(form, "ضحايا (قتلى وجرحى معا) · Casualties (killed and wounded together)", "casualties_best", cas.best, "number");
    input(form, "ضحايا (أدنى) · Casualties min", "casualties_min", cas.min, "number");
    input(form, "ضحايا (أعلى) · Casualties max", "casualties_max", cas.max, "number");
    input(form, "خسائر · Losses (e.g. 2 × tank, 1 × aircraft)", "losses", lossesText(rec.losses));
    input(form, "المصدر · Attribution", "attribution", rec.attribution && rec.attribution.source);
    return form;
  }

  /* The fields of `rec` with a submit button labelled `label`; `onSubmit(form)` on submit. */
  function submitForm(rec, label, onSubmit) {
    var form = fieldsForm(rec, true);
    var save = el("button", "review-save", label);
    save.type = "submit";
    form.appendChild(save);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      onSubmit(form);
    });
    return form;
  }

  function editForm(ev, card) {
    var form = submitForm(ev.record || {}, "حفظ · Save", function () {
      var changes;
      try { changes = collectChanges(form, ev.record || {}); } catch (err) {
        card.querySelector(".review-message").textContent = err.message;
        return;
      }
      if (!Object.keys(changes).length) { card.querySelector(".review-message").textContent = "لا تغيير · nothing changed"; return; }
      act(ev, card, "edit", { changes: changes });
    });
    return form;
  }

  function choiceForm(className, options, buttonText, onGo) {
    var form = el("form", className);
    var select = el("select");
    options.forEach(function (o) { var opt = el("option", null, o[1]); opt.value = o[0]; select.appendChild(opt); });
    var go = el("button", null, buttonText);
    go.type = "submit";
    form.appendChild(select);
    form.appendChild(go);
    form.addEventListener("submit", function (e) { e.preventDefault(); onGo(select.value); });
    return form;
  }

  function toggle(card, form) {
    var slot = card.querySelector(".review-slot");
    var same = slot.firstChild && slot.firstChild.className === form.className;
    slot.textContent = "";
    if (!same) slot.appendChild(form);
  }

  function controls(ev, card) {
    var box = el("div", "review-controls");
    var others = article.events.filter(function (o) { return o.event_id !== ev.event_id && o.review_status !== "rejected"; })
      .map(function (o) { return [o.event_id, o.sub_event_type + " · " + (o.location || "—") + " · " + o.event_id]; });
    [
      ["review-confirm", "تأكيد · Confirm", function () { act(ev, card, "confirm", {}); }],
      ["review-edit", "تعديل · Edit", function () { toggle(card, editForm(ev, card)); }],
      ["review-reject", "رفض · Reject", function () {
        toggle(card, choiceForm("review-reject-form", REASONS, "رفض · Reject", function (reason) { act(ev, card, "reject", { reason: reason }); }));
      }],
      ["review-merge", "دمج · Merge", function () {
        toggle(card, choiceForm("review-merge-form", others, "دمج في · Merge into", function (into) { act(ev, card, "merge", { into: into }); }));
      }],
    ].forEach(function (b) {
      var button = el("button", b[0], b[1]);
      button.type = "button";
      button.addEventListener("click", function (e) { e.stopPropagation(); b[2](); });
      box.appendChild(button);
    });
    box.appendChild(el("div", "review-slot"));
    box.appendChild(el("p", "review-message"));
    box.addEventListener("click", function (e) { e.stopPropagation(); });
    return box;
  }

  function badge(ev) {
    var text = STATUS[ev.review_status] || ev.review_status;
    if (ev.review_status && ev.review_status !== "unreviewed") text += " — " + ev.reviewer + " (v" + ev.review_version + ")";
    if (ev.review_added) text += " · أضافه محلل · added by an analyst";
    if (ev.merged_into) text += " → " + ev.merged_into;
    var node = el("p", "review-badge status-" + ev.review_status, text);
    node.dir = "auto";
    return node;
  }

  // ------------------------------------------------------------ add a missed event

  function selectionOffsets() {
    var box = document.getElementById("article-text");
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
    // Offsets in code points of the original text, as the engine's (the view holds it unchanged).
    function offset(node, off) {
      var r = document.createRange();
      r.setStart(box, 0);
      r.setEnd(node, off);
      return Array.from(r.toString()).length;
    }
    var start = offset(range.startContainer, range.startOffset);
    var end = offset(range.endContainer, range.endOffset);
    return end > start ? { start: start, end: end } : null;
  }

  function addPanel() {
    var panel = el("section", "review-add");
    var button = el("button", "review-add-open", "أضف حدثا من النص المحدد · Add event from the selected text");
    button.type = "button";
    var slot = el("div");
    var msg = el("p", "review-message");
    button.addEventListener("click", function () {
      var span = selectionOffsets();
      slot.textContent = "";
      if (!span) { msg.textContent = "حدد نص الدليل في الخبر أولا · select the evidence in the article first"; return; }
      msg.textContent = "الدليل · Evidence: " + Array.from(article.text).slice(span.start, span.end).join("");
      var form = submitForm({ date: article.published, location: {} }, "أضف · Add event", function () {
        var fields;
        try { fields = collectChanges(form, {}); } catch (err) { msg.textContent = err.message; return; }
        fields.sub_event_type = form.elements.sub_event_type.value;
        if (!("date" in fields) && form.elements.date.value) fields.date = form.elements.date.value;
        post("api/reviews/add/" + encodeURIComponent(article.article_id),
          { reviewer: session.reviewer, fields: fields, evidence: [span] }).then(function (res) {
          if (res.status !== 200) { msg.textContent = "تعذر الحفظ · not saved: " + errorText(res); return; }
          dash().reloadEvents();
          dash().openArticle(article.article_id, res.data.event_id);
        });
      });
      slot.appendChild(form);
    });
    [button, msg, slot].forEach(function (n) { panel.appendChild(n); });
    return panel;
  }

  function decorate(e) {
    article = e.detail.article;
    var box = document.getElementById("event-fields");
    Array.prototype.forEach.call(box.querySelectorAll(".event-card"), function (card) {
      var ev = article.events.filter(function (x) { return x.event_id === card.getAttribute("data-event-id"); })[0];
      if (!ev) return;
      card.classList.toggle("rejected", ev.review_status === "rejected");
      card.insertBefore(badge(ev), card.children[1] || null);
      if (session) card.appendChild(controls(ev, card));
    });
    if (session) box.insertBefore(addPanel(), box.firstChild);
  }

  // ------------------------------------------------------------ queue (keyboard: j/k, Enter, c, 1-4, Esc)

  function refreshQueue() {
    if (!queue.open) return null;
    return fetch("api/review/queue?limit=100").then(function (r) { return r.json(); }).then(function (page) {
      queue.items = page.events || [];
      queue.index = Math.min(queue.index, Math.max(0, queue.items.length - 1));
      renderQueue(page.total);
    });
  }

  function renderQueue(total) {
    var list = document.getElementById("review-queue-list");
    list.textContent = "";
    document.getElementById("review-queue-count").textContent = String(total);
    queue.items.forEach(function (ev, i) {
      var li = el("li", i === queue.index ? "current" : "");
      li.setAttribute("data-event-id", ev.event_id);
      li.appendChild(el("strong", null, typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : "—"));
      li.appendChild(el("span", null, " " + ev.sub_event_type + " · " + (ev.location || ev.country || "—") + " · " + (ev.date || "—")));
      li.addEventListener("click", function () { queue.index = i; renderQueue(total); dash().openArticle(ev.article_id, ev.event_id); });
      list.appendChild(li);
    });
    var cur = list.querySelector(".current");
    if (cur && cur.scrollIntoView) cur.scrollIntoView({ block: "nearest" });
  }

  function queueKey(e) {
    if (!queue.open || !session || /INPUT|SELECT|TEXTAREA/.test((e.target && e.target.tagName) || "")) return;
    if (!document.getElementById("article-view").hidden && e.key !== "Escape") return;
    var ev = queue.items[queue.index];
    if (e.key === "j" || e.key === "ArrowDown") queue.index = Math.min(queue.items.length - 1, queue.index + 1);
    else if (e.key === "k" || e.key === "ArrowUp") queue.index = Math.max(0, queue.index - 1);
    else if (e.key === "Enter" && ev) { dash().openArticle(ev.article_id, ev.event_id); return; }
    else if (e.key === "c" && ev) { quick(ev, "confirm", {}); return; }
    else if (/^[1-4]$/.test(e.key) && ev) { quick(ev, "reject", { reason: REASONS[Number(e.key) - 1][0] }); return; }
    else return;
    e.preventDefault();
    renderQueue(document.getElementById("review-queue-count").textContent);
  }

  function quick(ev, action, body) {
    body.version = ev.review_version || 0;
    body.reviewer = session.reviewer;
    post("api/reviews/" + action + "/" + encodeURIComponent(ev.event_id), body).then(function (res) {
      document.getElementById("review-queue-message").textContent = res.status === 200
        ? (STATUS[res.data.review_status] + " · " + ev.event_id) : errorText(res);
      dash().reloadEvents();
      refreshQueue();
    });
  }

  function buildQueue() {
    var open = el("button", null, "قائمة المراجعة · Review queue");
    open.id = "review-queue-open";
    open.type = "button";
    open.hidden = true;
    document.querySelector("#top nav").appendChild(open);
    var panel = el("aside", "review-queue");
    panel.id = "review-queue";
    panel.hidden = true;
    var head = el("h2", null, "قائمة المراجعة · Review queue (lowest confidence first): ");
    head.appendChild(el("span", null, "0")).id = "review-queue-count";
    panel.appendChild(head);
    panel.appendChild(el("p", "review-keys", "j/k: التالي/السابق · next/previous · Enter: فتح · open · c: تأكيد · confirm · 1-4: رفض · reject (not news, duplicate, not conflict, other) · Esc"));
    panel.appendChild(el("p", "review-message")).id = "review-queue-message";
    panel.appendChild(el("ol")).id = "review-queue-list";
    document.body.appendChild(panel);
    open.addEventListener("click", function () {
      queue.open = panel.hidden;
      panel.hidden = !panel.hidden;
      refreshQueue();
    });
    document.addEventListener("keydown", queueKey);
  }

  function start() {
    buildQueue();
    document.addEventListener("marsad:article", decorate);
    document.getElementById("review-login").addEventListener("click", function () {
      if (session || document.getElementById("review-login-form")) return;
      document.getElementById("top").appendChild(loginForm());
    });
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null"); } catch (err) { saved = null; }
    if (saved && saved.token) {
      checkToken(saved.token).then(function (ok) { if (ok) startSession(saved); else sessionStorage.removeItem(SESSION_KEY); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
