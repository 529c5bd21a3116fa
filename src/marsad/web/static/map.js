/* marsad dashboard map: the offline vector base map, events clustered by the vendored
   Leaflet.markercluster (several events at one point fan out on legs, each one opening its own
   event), a legend of geo_precision (each marker is drawn by its precision), and labels of
   admin-1 divisions and large towns from our gazetteer (GET api/map/labels; we ship no admin-1
   outlines, so a division is labelled at its gazetteer point). Text goes in with textContent. */
(function () {
  "use strict";

  var CLUSTER_PX = 46; // markers closer than this on screen share a cluster
  var ADMIN1_ZOOM = 5; // admin-1 labels from this zoom on, towns from TOWN_ZOOM on
  var TOWN_ZOOM = 7;
  var PRECISION = [
    [1, "دقيق: البلدة أو القرية", "exact: the town or village"],
    [2, "تقريبي: قرب المكان أو المنطقة", "near: part of a district or region"],
    [3, "المحافظة أو البلد", "province or country"],
  ];
  var FALLBACK_COLOUR = "#666666";

  var m = { map: null, cluster: null, markers: [], opts: null, admin1: null, towns: null, labelsFor: "" };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function mapNode() { return document.getElementById("map"); }

  function precisionOf(ev) {
    var p = Number(ev.geo_precision);
    return p === 1 || p === 2 || p === 3 ? p : 3;
  }

  function colourOf(type) { return (m.opts.typeInfo(type) || {}).colour || FALLBACK_COLOUR; }

  // ------------------------------------------------------------ markers and clusters

  function eventIcon(ev) {
    var dot = el("div", "marsad-marker geo-p" + precisionOf(ev));
    dot.style.background = colourOf(ev.event_type);
    dot.setAttribute("data-event-id", ev.event_id);
    dot.setAttribute("data-geo-precision", String(precisionOf(ev)));
    return L.divIcon({ html: dot, className: "marsad-marker-icon", iconSize: [18, 18] });
  }

  function clusterIcon(cluster) {
    var byType = {};
    cluster.getAllChildMarkers().forEach(function (mk) {
      var t = mk.options.marsadEvent.event_type;
      byType[t] = (byType[t] || 0) + 1;
    });
    var n = cluster.getChildCount();
    var top = Object.keys(byType).sort(function (a, b) { return byType[b] - byType[a]; })[0];
    var size = Math.min(46, 22 + Math.round(Math.log(n) * 6));
    var html = el("div", "marsad-cluster");
    html.style.width = size + "px";
    html.style.height = size + "px";
    html.style.background = colourOf(top);
    html.setAttribute("data-count", String(n));
    html.appendChild(el("span", null, n));
    return L.divIcon({ html: html, className: "marsad-cluster-icon", iconSize: [size, size] });
  }

  function clusterTooltip(cluster) {
    var byType = {};
    cluster.getAllChildMarkers().forEach(function (mk) {
      var t = mk.options.marsadEvent.event_type;
      byType[t] = (byType[t] || 0) + 1;
    });
    var box = el("div");
    Object.keys(byType).forEach(function (t) {
      box.appendChild(el("div", null, (m.opts.typeInfo(t).ar || t) + " · " + t + ": " + byType[t]));
    });
    return box;
  }

  /* What the map shows now, for the status attributes the tests and analysts read: each event
     is either drawn as itself or inside a cluster (getVisibleParent is markercluster's own). */
  function updateCounts() {
    var node = mapNode();
    var markers = 0, clusters = new Set();
    m.markers.forEach(function (mk) {
      var parent = m.cluster.getVisibleParent(mk);
      if (parent === mk) markers += 1;
      else if (parent) clusters.add(parent);
    });
    node.setAttribute("data-events-on-map", String(m.markers.length));
    node.setAttribute("data-markers", String(markers));
    node.setAttribute("data-clusters", String(clusters.size));
  }

  function render(events) {
    if (!m.map) return;
    m.cluster.clearLayers();
    m.markers = [];
    events.forEach(function (ev) {
      if (ev.latitude === null || ev.longitude === null || ev.latitude === undefined) return;
      var mk = L.marker([ev.latitude, ev.longitude], { icon: eventIcon(ev), marsadEvent: ev, keyboard: true });
      mk.bindTooltip(m.opts.tooltip(ev), { direction: "top" });
      mk.on("click", function () { m.opts.onSelect(ev); });
      m.markers.push(mk);
    });
    m.cluster.addLayers(m.markers);
    updateCounts();
    loadLabels(events);
  }

  function fit(events) {
    var pts = events.filter(function (e) { return e.latitude !== null && e.longitude !== null; })
      .map(function (e) { return [e.latitude, e.longitude]; });
    // No animation: the view is final before the first render, so counts never race a zoom.
    if (pts.length) m.map.fitBounds(L.latLngBounds(pts).pad(0.25), { maxZoom: 7, animate: false });
  }

  // ------------------------------------------------------------ legend

  function legend() {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = el("div", "marsad-legend leaflet-control");
      box.setAttribute("dir", "rtl");
      box.appendChild(el("strong", null, "دقة المكان · geo_precision"));
      PRECISION.forEach(function (p) {
        var row = el("div", "legend-row");
        row.setAttribute("data-geo-precision", String(p[0]));
        row.appendChild(el("span", "marsad-marker geo-p" + p[0]));
        var words = el("span", "legend-words");
        words.appendChild(el("span", null, p[0] + " — " + p[1]));
        var en = el("span", "en", p[2]);
        en.dir = "ltr"; // the English line keeps its own order in the RTL legend
        words.appendChild(en);
        row.appendChild(words);
        box.appendChild(row);
      });
      var cluster = el("div", "legend-row");
      var sample = el("span", "marsad-cluster legend-cluster", "n");
      cluster.appendChild(sample);
      var clusterWords = el("span", "legend-words");
      clusterWords.appendChild(el("span", null, "عدة أحداث؛ انقر للتكبير أو للتفريق"));
      var clusterEn = el("span", "en", "several events: click to zoom in or fan them out");
      clusterEn.dir = "ltr";
      clusterWords.appendChild(clusterEn);
      cluster.appendChild(clusterWords);
      box.appendChild(cluster);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  // ------------------------------------------------------------ admin-1 and town labels

  function labelMarker(item) {
    var node = el("div", "marsad-label " + item.kind);
    node.setAttribute("data-place-id", item.id);
    node.appendChild(el("span", "ar", item.name_ar || item.name));
    if (item.name_ar && item.name && item.name !== item.name_ar) node.appendChild(el("span", "en", item.name));
    var icon = L.divIcon({ html: node, className: "marsad-label-icon", iconSize: null });
    return L.marker([item.lat, item.lon], { icon: icon, interactive: false, keyboard: false, zIndexOffset: -1000 });
  }

  function showLabels() {
    var zoom = m.map.getZoom();
    [[m.admin1, ADMIN1_ZOOM], [m.towns, TOWN_ZOOM]].forEach(function (pair) {
      var on = zoom >= pair[1];
      if (on && !m.map.hasLayer(pair[0])) pair[0].addTo(m.map);
      if (!on && m.map.hasLayer(pair[0])) m.map.removeLayer(pair[0]);
    });
    mapNode().setAttribute("data-labels", String(zoom >= ADMIN1_ZOOM ? m.admin1.getLayers().length : 0));
  }

  function loadLabels(events) {
    var countries = Array.from(new Set(events.map(function (e) { return e.country; }).filter(Boolean))).sort();
    var key = countries.join("|");
    if (key === m.labelsFor) return;
    m.labelsFor = key;
    var q = countries.map(function (c) { return "country=" + encodeURIComponent(c); }).join("&");
    fetch("api/map/labels?" + q, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { labels: [] }; })
      .then(function (data) {
        if (key !== m.labelsFor) return; // a later filter asked for other countries
        m.admin1.clearLayers();
        m.towns.clearLayers();
        (data.labels || []).forEach(function (item) {
          labelMarker(item).addTo(item.kind === "admin1" ? m.admin1 : m.towns);
        });
        showLabels();
      })
      .catch(function () { /* labels are an aid: the map works without them */ });
  }

  // ------------------------------------------------------------ start

  function init(opts) {
    m.opts = opts;
    var map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 13, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · world-atlas · Leaflet · Leaflet.markercluster · GeoNames");
    var world = window.MARSAD_WORLD_TOPOLOGY;
    if (world && window.topojson) {
      L.geoJSON(topojson.feature(world, world.objects.countries), {
        style: { color: "#9a968b", weight: 0.8, fillColor: "#f1eee6", fillOpacity: 1 },
        onEachFeature: function (feature, layer) {
          var name = feature.properties && feature.properties.name;
          if (name) layer.bindTooltip(el("span", null, name), { sticky: true, direction: "top", opacity: 0.8 });
        },
      }).addTo(map);
    }
    m.admin1 = L.layerGroup();
    m.towns = L.layerGroup();
    m.cluster = L.markerClusterGroup({
      maxClusterRadius: CLUSTER_PX,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, // events at one point: one click fans them out on legs
      zoomToBoundsOnClick: true,
      spiderLegPolylineOptions: { weight: 1, color: "#222", opacity: 0.7, className: "marsad-spider-leg" },
      iconCreateFunction: clusterIcon,
    });
    m.cluster.on("clustermouseover", function (e) {
      e.layer.bindTooltip(clusterTooltip(e.layer), { direction: "top" }).openTooltip();
    });
    m.cluster.on("spiderfied", function (e) { mapNode().setAttribute("data-spider", String(e.markers.length)); });
    m.cluster.on("unspiderfied", function () { mapNode().setAttribute("data-spider", "0"); });
    m.cluster.on("animationend", updateCounts);
    map.addLayer(m.cluster);
    legend().addTo(map);
    m.map = map;
    map.on("zoomend moveend", function () { updateCounts(); showLabels(); });
    map.setView([33, 40], 4);
  }

  window.MarsadMap = { init: init, render: render, fit: fit, map: function () { return m.map; } };
})();
