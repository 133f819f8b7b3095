// warledger dashboard: map, timeline, table and event detail over the REST API.
//
// Safety rule: text that comes from articles (and every other string from the API) reaches
// the page only through DOM text nodes (textContent / createTextNode). No innerHTML anywhere,
// so an article containing <script> or <img onerror> is shown as text and runs nothing.
"use strict";

(() => {
  // ---------------------------------------------------------------- constants

  const TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2e86c1",
    "Riots": "#16a085",
    "Strategic developments": "#5d6d7e",
  };
  const OTHER_COLOUR = "#95a5a6";
  const TYPE_ORDER = Object.keys(TYPE_COLOURS);
  // boot.js (loaded first) has already sent the first request; it also owns how the URL maps to filters
  const boot = window.warledgerBoot;
  const PAGE_SIZE = boot.PAGE_SIZE;
  const FILTER_FIELDS = boot.FILTER_FIELDS;
  const NUMBER = new Intl.NumberFormat("en");
  const DAY_MS = 86400000;

  const colourOf = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;

  // ---------------------------------------------------------------- state

  const state = {
    filters: {},          // the form's filters, as query parameters
    page: 1,
    cursors: [],          // cursors[n]: where page n starts (next_cursor of page n - 1)
    sort: "-date",
    measure: "events",    // timeline bar height: events or fatalities
    selectedId: null,
    inView: false,
    settings: { tiles: "", token: "" },
    generation: 0,        // guards against out-of-order responses
  };

  // ---------------------------------------------------------------- DOM helpers (text nodes only)

  /** el("td", {class: "num"}, "12", childNode) — attributes via setAttribute, children as text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === "class") node.className = value;
        else if (key === "dataset") Object.assign(node.dataset, value);
        else if (key === "style") Object.assign(node.style, value);
        else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  const $ = (id) => document.getElementById(id);

  function svgEl(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function fmt(n) {
    return n === null || n === undefined ? "–" : NUMBER.format(n);
  }

  function fmtDate(iso) {
    if (!iso) return "–";
    const d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  function placeName(loc) {
    if (!loc) return null;
    const parts = [loc.name];
    if (loc.admin1 && loc.admin1 !== loc.name) parts.push(loc.admin1);
    if (loc.country && loc.country !== loc.name) parts.push(loc.country);
    return parts.join(", ");
  }

  function sumKind(casualties, kind) {
    let total = 0;
    let seen = false;
    for (const c of casualties || []) {
      if (c.kind === kind) { total += c.best; seen = true; }
    }
    return seen ? total : null;
  }

  // ---------------------------------------------------------------- API

  let pending = 0;
  function busy(delta) {
    pending += delta;
    $("progress").hidden = pending <= 0;
  }

  const query = boot.query;

  /** GET path?params as JSON. */
  async function api(path, params) {
    busy(1);
    try {
      const response = await fetch(path + query(params || {}), { headers: boot.headers(state.settings.token) });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw apiError(response, body);
      return body;
    } finally {
      busy(-1);
    }
  }

  function apiError(response, body) {
    const detail = body && body.detail ? body.detail : response.statusText;
    return new Error(`${response.status}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  }

  /**
   * GET a JSON Lines response, handing each line's object to ``onLine`` as soon as it arrives (the
   * bootstrap sends its parts as they are ready). ``early`` is the same request already sent by boot.js.
   */
  async function apiLines(path, early, onLine) {
    busy(1);
    try {
      const response = await (early || fetch(path, { headers: boot.headers(state.settings.token) }));
      if (!response.ok) throw apiError(response, await response.json().catch(() => null));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (value) buffer += value;
        let end;
        while ((end = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 1);
          if (line.trim()) onLine(JSON.parse(line));
        }
        if (done) break;
      }
      if (buffer.trim()) onLine(JSON.parse(buffer));
    } finally {
      busy(-1);
    }
  }

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
  }

  // ---------------------------------------------------------------- filters and URL

  function readForm() {
    const form = $("filters");
    const out = {};
    for (const name of FILTER_FIELDS) {
      const value = (form.elements[name].value || "").trim();
      if (value) out[name] = value;
    }
    state.inView = form.elements.in_view.checked;
    return out;
  }

  function writeForm(filters) {
    const form = $("filters");
    for (const name of FILTER_FIELDS) form.elements[name].value = filters[name] || "";
  }

  function syncUrl() {
    const params = { ...state.filters };
    if (state.sort !== "-date") params.sort = state.sort;
    if (state.selectedId) params.event = state.selectedId;
    const url = new URL(window.location.href);
    const tiles = url.searchParams.get("tiles");
    if (tiles) params.tiles = tiles;
    history.replaceState(null, "", window.location.pathname + query(params));
  }

  function readUrl() {
    const url = new URL(window.location.href);
    const filters = boot.filtersFrom(url);
    state.filters = filters;
    state.sort = url.searchParams.get("sort") || "-date";
    state.selectedId = url.searchParams.get("event");
    writeForm(filters);
    $("sort").value = state.sort;
  }

  /** Filters for the map and stats: the form minus nothing; the table adds the map box when asked. */
  function withoutDates(filters) {
    const { date_from, date_to, ...rest } = filters;  // eslint-disable-line no-unused-vars
    return rest;
  }

  // ---------------------------------------------------------------- settings

  function loadSettings() {
    const url = new URL(window.location.href);
    state.settings.tiles = url.searchParams.get("tiles") || localStorage.getItem("warledger.tiles") || "";
    state.settings.token = sessionStorage.getItem("warledger.token") || "";
  }

  function setupSettings() {
    const dialog = $("settings");
    const form = $("settings-form");
    $("settings-open").addEventListener("click", () => {
      form.elements.tiles.value = state.settings.tiles;
      form.elements.token.value = state.settings.token;
      dialog.showModal();
    });
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "save") return;
      const tiles = form.elements.tiles.value.trim();
      if (tiles && !/^https?:\/\//i.test(tiles)) { toast("The tile URL must start with http:// or https://"); return; }
      state.settings.tiles = tiles;
      state.settings.token = form.elements.token.value.trim();
      if (tiles) localStorage.setItem("warledger.tiles", tiles); else localStorage.removeItem("warledger.tiles");
      if (state.settings.token) sessionStorage.setItem("warledger.token", state.settings.token);
      else sessionStorage.removeItem("warledger.token");
      applyTiles();
      refresh();
    });
  }

  // ---------------------------------------------------------------- map

  let map = null;
  let pointLayer = null;   // what is drawn now: clusters and single markers in and around the view
  let tileLayer = null;
  let outlineLayer = null;
  let fitted = null;  // the filters the map was last framed for
  let clusterIndex = null;  // supercluster over every loaded point
  let pointsById = new Map();  // id -> [id, lat, lon, type, fatalities]
  const shownSingles = new Map();  // id -> its marker, for the points drawn singly now
  let shownClusters = [];  // the cluster markers drawn now
  const iconCache = new Map();
  const detailCache = new Map();  // id -> the event, for marker tooltips
  const CLUSTER_RADIUS = 60;  // pixels: about a large marker and a cluster icon side by side
  const MAX_ZOOM = 14;

  function markerSize(fatalities) {
    return Math.round(Math.min(44, 10 + 4 * Math.sqrt(Math.max(0, fatalities || 0))));
  }

  function markerIcon(type, fatalities) {
    const size = markerSize(fatalities);
    const key = type + "|" + size;
    let icon = iconCache.get(key);
    if (!icon) {
      icon = L.divIcon({ className: "", html: "", iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
      iconCache.set(key, icon);
    }
    return icon;
  }

  // the tooltip starts from what the point carries; place and date come from the event, fetched once
  function tooltipContent(id, type, fatalities) {
    const ev = detailCache.get(id);
    const loc = ev && ev.location;
    return el("div", null,
      el("div", { class: "tip-title" }, ev ? (loc && loc.name) || "Unknown place" : "…"),
      el("div", { class: "tip-meta" }, `${type || "Unclassified"}${ev ? " · " + fmtDate(ev.date && ev.date.start) : ""}`),
      el("div", { class: "tip-meta" }, fatalities ? `${fmt(fatalities)} killed` : "no deaths reported"));
  }

  // Leaflet builds a divIcon's element from `html`; markers here get their look from DOM properties instead.
  function eventMarker(point) {
    const [id, lat, lon, type, fatalities] = point;
    const marker = L.marker([lat, lon], { icon: markerIcon(type, fatalities), keyboard: false, riseOnHover: true });
    marker.on("add", () => {
      const node = marker.getElement();
      if (!node) return;
      node.classList.add("ev-marker");
      node.style.background = colourOf(type);
      node.dataset.id = id;
      if (id === state.selectedId) node.classList.add("is-selected");
    });
    marker.bindTooltip(() => tooltipContent(id, type, fatalities), { direction: "top", offset: [0, -6] });
    marker.on("tooltipopen", () => {
      if (detailCache.has(id)) return;
      api("/api/events/" + encodeURIComponent(id)).then((ev) => {
        detailCache.set(id, ev);
        if (marker.isTooltipOpen()) marker.setTooltipContent(tooltipContent(id, type, fatalities));
      }, () => {});
    });
    marker.on("click", () => openDetail(id));
    return marker;
  }

  function clusterMarker(feature) {
    const props = feature.properties;
    const count = props.point_count;
    const killed = props.killed || 0;
    // a ring of type shares: the cluster shows what kinds of events it holds, not just how many
    const stops = [];
    let acc = 0;
    clusterTypes.forEach((type, i) => {
      const n = props["t" + i];
      if (!n) return;
      const from = (acc / count) * 360;
      acc += n;
      stops.push(`${colourOf(type)} ${from.toFixed(1)}deg ${((acc / count) * 360).toFixed(1)}deg`);
    });
    const size = Math.round(Math.min(64, 26 + 3 * Math.sqrt(killed) + 2 * Math.log2(count)));
    const node = el("div", {
      class: "ev-cluster",
      dataset: { count: String(count), fatalities: String(killed) },
      style: { width: size + "px", height: size + "px", background: `conic-gradient(${stops.join(", ")})` },
      title: `${count} events, ${killed} killed`,
    }, el("span", { class: "ev-cluster-count" }, NUMBER.format(count)));
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: node, className: "", iconSize: [size, size] }), keyboard: false,
    });
    marker.warledgerCluster = props.cluster_id;
    marker.on("click", () => expandCluster(props.cluster_id, marker.getLatLng(), count));
    return marker;
  }

  // zoom in until the cluster splits; events at one spot never split: list them instead
  function expandCluster(clusterId, latlng, count) {
    const zoom = clusterIndex.getClusterExpansionZoom(clusterId);
    if (zoom <= MAX_ZOOM && zoom > map.getZoom()) {
      map.setView(latlng, zoom);
      return;
    }
    const leaves = clusterIndex.getLeaves(clusterId, 50);
    const list = el("ul", { class: "cluster-list" }, leaves.map((f) => el("li", null, el("button", {
      type: "button", class: "link-btn", onclick: () => { map.closePopup(); openDetail(f.properties.id); },
    }, `${f.properties.type || "Unclassified"} · ${f.properties.fatalities ? fmt(f.properties.fatalities) + " killed" : "no deaths"}`))));
    const head = count > leaves.length ? `${fmt(count)} events at this spot (the first ${leaves.length})` : `${fmt(count)} events at this spot`;
    L.popup({ maxHeight: 260 }).setLatLng(latlng).setContent(el("div", null, el("div", { class: "tip-title" }, head), list))
      .openOn(map);
  }

  let clusterTypes = [];

  /** Index the loaded points (supercluster: a few milliseconds for 10,000). */
  function indexPoints(points) {
    clusterTypes = [...TYPE_ORDER];
    const typeIndex = new Map(clusterTypes.map((t, i) => [t, i]));
    pointsById = new Map();
    const features = points.map((p) => {
      pointsById.set(p[0], p);
      let i = typeIndex.get(p[3]);
      if (i === undefined) { i = clusterTypes.length; clusterTypes.push(p[3]); typeIndex.set(p[3], i); }
      return {
        type: "Feature", geometry: { type: "Point", coordinates: [p[2], p[1]] },
        properties: { id: p[0], type: p[3], fatalities: p[4] || 0, ti: i },
      };
    });
    clusterIndex = new Supercluster({
      radius: CLUSTER_RADIUS, maxZoom: MAX_ZOOM, minPoints: 2,
      // flat numeric properties: supercluster copies them shallowly from level to level
      map: (p) => ({ killed: p.fatalities, ["t" + p.ti]: 1 }),
      reduce: (acc, p) => {
        for (const key in p) acc[key] = (acc[key] || 0) + p[key];
      },
    });
    clusterIndex.load(features);
  }

  /** Draw the clusters and single events in the view (few, whatever the number loaded); redrawn on every move. */
  function drawPoints() {
    if (!map || !clusterIndex) return;
    const b = map.getBounds();
    const items = clusterIndex.getClusters([b.getWest(), Math.max(-90, b.getSouth()), b.getEast(), Math.min(90, b.getNorth())],
      Math.round(map.getZoom()));
    shownSingles.clear();
    shownClusters = [];
    const layers = items.map((f) => {
      if (f.properties.cluster) {
        const m = clusterMarker(f);
        shownClusters.push(m);
        return m;
      }
      const m = eventMarker(pointsById.get(f.properties.id));
      shownSingles.set(f.properties.id, m);
      return m;
    });
    const next = L.layerGroup(layers);
    if (pointLayer) map.removeLayer(pointLayer);
    pointLayer = next.addTo(map);
    if (state.selectedId) markSelected(state.selectedId);
  }

  function initMap() {
    map = L.map("map", {
      // canvas for vector layers (the country outlines); whole zoom levels, as the clusters are cut per level
      worldCopyJump: true, minZoom: 2, maxZoom: MAX_ZOOM, preferCanvas: true, attributionControl: true,
    }).setView([30, 20], 2);
    map.attributionControl.setPrefix(false);
    map.on("moveend", () => {
      drawPoints();
      if (state.inView) { state.page = 1; loadTable(); }
    });
    addLegend();
    applyTiles();
    loadOutlines("110m");
    map.on("zoomend", () => { if (map.getZoom() >= 4) loadOutlines("50m"); });
  }

  // country outlines: the coarse 1:110m set first (small), the 1:50m set once the user zooms in
  let outlineScale = null;
  async function loadOutlines(scale) {
    if (outlineScale === scale || (scale === "110m" && outlineScale === "50m")) return;
    outlineScale = scale;
    try {
      const response = await fetch(`/static/vendor/world-atlas/countries-${scale}.json`);
      const topo = await response.json();
      const land = topojson.feature(topo, topo.objects.countries);
      land.features = land.features.filter((f) => f.id !== "010").map(unwrapAntimeridian);  // no Antarctica
      const layer = L.geoJSON(land, {
        interactive: false,
        style: () => ({ color: "#b7b2a8", weight: 0.8, fillColor: "#fbfaf7", fillOpacity: state.settings.tiles ? 0 : 1 }),
      }).addTo(map);
      layer.bringToBack();
      if (tileLayer) tileLayer.bringToBack();
      if (outlineLayer) map.removeLayer(outlineLayer);
      else map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
      outlineLayer = layer;
    } catch (err) {
      toast("Could not load the country outlines: " + err.message);
    }
  }

  // Russia and Fiji cross 180°: rings jumping from +180 to -180 would draw a line round the world
  function unwrapAntimeridian(feature) {
    const g = feature.geometry;
    if (!g) return feature;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        let min = Infinity;
        let max = -Infinity;
        for (const [lon] of ring) { if (lon < min) min = lon; if (lon > max) max = lon; }
        if (max - min > 180) for (const point of ring) if (point[0] < 0) point[0] += 360;
      }
    }
    return feature;
  }

  function applyTiles() {
    if (!map) return;
    if (tileLayer) { map.removeLayer(tileLayer); tileLayer = null; }
    if (state.settings.tiles) {
      tileLayer = L.tileLayer(state.settings.tiles, { maxZoom: 18, attribution: "Tiles: your tile server" }).addTo(map);
      tileLayer.bringToBack();
    }
    if (outlineLayer) outlineLayer.setStyle({ fillOpacity: state.settings.tiles ? 0 : 1 });
  }

  function addLegend() {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => {
      const box = el("div", { class: "legend", id: "legend" });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      renderLegend(box);
      return box;
    };
    legend.addTo(map);
  }

  function renderLegend(box, withoutLocation) {
    box = box || $("legend");
    if (!box) return;
    clear(box);
    box.appendChild(el("h4", null, "Event type"));
    for (const type of TYPE_ORDER) {
      const active = !state.filters.event_type || state.filters.event_type === type;
      box.appendChild(el("button", {
        type: "button", class: "legend-item" + (active ? "" : " is-off"), title: "Show only " + type,
        onclick: () => {
          const form = $("filters");
          form.elements.event_type.value = state.filters.event_type === type ? "" : type;
          onFiltersChanged();
        },
      }, el("span", { class: "swatch", style: { background: TYPE_COLOURS[type] } }), type));
    }
    box.appendChild(el("h4", { style: { marginTop: "8px" } }, "Killed"));
    box.appendChild(el("div", { class: "legend-sizes" }, [1, 10, 100].map((n) => {
      const size = markerSize(n);
      return el("span", null, el("i", { style: { width: size + "px", height: size + "px" } }), String(n));
    })));
    if (withoutLocation) {
      box.appendChild(el("div", { class: "legend-note" },
        `${fmt(withoutLocation)} event${withoutLocation === 1 ? "" : "s"} without a place are listed below, not mapped`));
    }
  }

  function mapStatus(text, withReset) {
    const box = $("map-status");
    clear(box);
    if (!text) { box.hidden = true; return; }
    box.appendChild(el("div", null, text));
    if (withReset) box.appendChild(el("button", { type: "button", class: "btn btn-quiet", onclick: resetFilters }, "Reset filters"));
    box.hidden = false;
  }

  function mapLoading() {
    $("map").dataset.status = "loading";
    mapStatus("Loading events…");
  }

  /** Draw the map points (the body of /api/map/points); "ready" once the browser has painted them. */
  async function renderMap(data, generation) {
    const mapNode = $("map");
    indexPoints(data.points);
    firstRenderMark("map-indexed");
    // frame the events when what is shown changes (a new country, type, search), but not when only
    // the dates change (brushing the timeline should not make the map jump) or the user frames it
    const fitKey = JSON.stringify(withoutDates(state.filters));
    if (fitKey !== fitted && data.points.length && !state.inView) {
      const legend = $("legend");
      const legendWidth = legend && map.getSize().x > 700 ? legend.offsetWidth + 20 : 40;  // keep markers clear of it
      let south = 90, west = 180, north = -90, east = -180;
      for (const p of data.points) {
        if (p[1] < south) south = p[1];
        if (p[1] > north) north = p[1];
        if (p[2] < west) west = p[2];
        if (p[2] > east) east = p[2];
      }
      map.fitBounds([[south, west], [north, east]],
        { paddingTopLeft: [50, 40], paddingBottomRight: [legendWidth, 40], maxZoom: 6, animate: false });
      fitted = fitKey;
    }
    firstRenderMark("map-framed");
    drawPoints();  // (fitBounds may have drawn already through moveend; drawing twice is cheap)
    mapNode.dataset.points = String(data.points.length);
    mapNode.dataset.total = String(data.total);
    renderLegend(null, data.without_location);
    if (data.total === 0) mapStatus("No events match these filters", true);
    else if (!data.points.length) mapStatus("None of these events has a place on the map");
    else mapStatus(null);
    $("map-note").hidden = !data.truncated;
    $("map-note").textContent = data.truncated
      ? `The map shows the ${fmt(data.loaded)} most recent of ${fmt(data.total)} events; narrow the filters to see the rest`
      : "";
    // "ready" once the browser has painted the markers
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    if (generation === state.generation) mapNode.dataset.status = "ready";
  }

  /** Mark the event on the map: its marker, or the cluster drawn in its place. */
  function markSelected(id) {
    document.querySelectorAll("#map .is-selected").forEach((n) => n.classList.remove("is-selected"));
    const single = shownSingles.get(id);
    if (single) {
      const node = single.getElement();
      if (node) node.classList.add("is-selected");
      return true;
    }
    const point = pointsById.get(id);
    if (!point) return false;
    const at = map.latLngToLayerPoint([point[1], point[2]]);
    for (const m of shownClusters) {
      // only clusters drawn near the point can hold it
      if (map.latLngToLayerPoint(m.getLatLng()).distanceTo(at) > 3 * CLUSTER_RADIUS) continue;
      if (clusterIndex.getLeaves(m.warledgerCluster, Infinity).some((f) => f.properties.id === id)) {
        const node = m.getElement();
        if (node) node.classList.add("is-selected");
        return true;
      }
    }
    return false;
  }

  function highlightMarker(id) {
    const point = pointsById.get(id);
    if (!point) { markSelected(id); return; }
    const latlng = L.latLng(point[1], point[2]);
    if (map.getBounds().pad(-0.1).contains(latlng)) markSelected(id);
    else map.setView(latlng, Math.max(map.getZoom(), 5));  // moveend redraws and marks it
  }

  // ---------------------------------------------------------------- timeline

  let timelineRows = [];
  let timelineBucket = "day";

  /**
   * The period the timeline shows: every event, except stragglers far from the rest (a date
   * from 2000 in a corpus about last month would squash everything else into one bar).
   * ``weeks`` are weekly rows; returns {from, to, hidden} with from/to as ms timestamps.
   */
  function timelineWindow(weeks, showAll) {
    const counts = new Map();
    let total = 0;
    for (const r of weeks) {
      const t = periodStart(r.period);
      counts.set(t, (counts.get(t) || 0) + r.events);
      total += r.events;
    }
    const starts = [...counts.keys()].sort((a, b) => a - b);
    if (!starts.length) return null;
    const full = { from: starts[0], to: starts[starts.length - 1] + 7 * DAY_MS, hidden: 0 };
    if (showAll || total < 20) return full;
    // the core is the shortest run of weeks holding 80% of the events; weeks close to it join it
    const need = Math.ceil(total * 0.8);
    let lo = starts[0];
    let hi = starts[starts.length - 1];
    let inside = 0;
    for (let i = 0, j = 0; j < starts.length; j++) {
      inside += counts.get(starts[j]);
      while (inside - counts.get(starts[i]) >= need) { inside -= counts.get(starts[i]); i++; }
      if (inside >= need && starts[j] - starts[i] < hi - lo) { lo = starts[i]; hi = starts[j]; }
    }
    const reach = Math.max(30 * DAY_MS, 0.25 * (hi - lo));
    for (const t of [...starts].reverse()) if (t < lo && lo - t <= reach) lo = t;
    for (const t of starts) if (t > hi && t - hi <= reach) hi = t;
    let hidden = 0;
    for (const t of starts) if (t < lo || t > hi) hidden += counts.get(t);
    return { from: lo, to: hi + 7 * DAY_MS, hidden };
  }

  let timelineAll = false;
  let timelineSpan = null;

  // events and fatalities per day and type for the filters without their dates (the bootstrap's
  // timeline rows: [day, event_type, events, fatalities]); weeks and months are summed from them here,
  // so choosing the period and "show all" need no further request
  let timelineDays = [];

  /** The start (ms) of the day, week (its Monday) or month holding the day ``t``, as the API buckets them. */
  function bucketStart(t, bucket) {
    if (bucket === "day") return t;
    const d = new Date(t);
    if (bucket === "week") return t - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }

  /** Day rows summed per bucket and event type, as /api/stats/timeline rows; only days in [from, to) when given. */
  function rollUp(days, bucket, from, to) {
    const sums = new Map();
    for (const [day, type, events, fatalities] of days) {
      const t = periodStart(day);
      if (t < from || t >= to) continue;
      const start = bucketStart(t, bucket);
      const key = start + "|" + (type ?? "");
      const row = sums.get(key);
      if (row) { row.events += events; row.fatalities += fatalities; }
      else sums.set(key, { start, period: isoDay(start), event_type: type, events, fatalities });
    }
    return [...sums.values()].filter((r) => r.events > 0).sort((a, b) => a.start - b.start);
  }

  /** Choose the period and bucket the timeline shows (see timelineWindow) and draw it. */
  function layoutTimeline() {
    const node = $("timeline");
    const weekly = rollUp(timelineDays, "week", -Infinity, Infinity);
    const win = timelineWindow(weekly, timelineAll);
    timelineSpan = win;
    let rows = weekly;
    timelineBucket = "week";
    if (win) {
      const days = (win.to - win.from) / DAY_MS;
      timelineBucket = days <= 180 ? "day" : days <= 3 * 366 ? "week" : "month";
      if (timelineBucket !== "week" || win.hidden) rows = rollUp(timelineDays, timelineBucket, win.from, win.to);
      node.dataset.from = isoDay(win.from);
      node.dataset.to = isoDay(win.to - DAY_MS);
    }
    timelineRows = rows;
    drawTimeline();
    node.dataset.bucket = timelineBucket;
    node.dataset.status = "ready";
  }

  function timelineHint() {
    const hint = $("timeline-hint");
    clear(hint);
    hint.appendChild(document.createTextNode(`Per ${timelineBucket} · drag across the bars to filter by date`));
    if (timelineSpan && (timelineSpan.hidden || timelineAll)) {
      hint.appendChild(document.createTextNode(" · "));
      const label = timelineAll ? "focus on the busy period"
        : `${fmt(timelineSpan.hidden)} outlying event${timelineSpan.hidden === 1 ? "" : "s"} not shown — show all`;
      hint.appendChild(el("button", {
        type: "button", class: "link-btn", id: "timeline-all",
        onclick: () => { timelineAll = !timelineAll; layoutTimeline(); },
      }, label));
    }
  }

  function periodStart(iso) { return Date.parse(iso + "T00:00:00Z"); }

  function drawTimeline() {
    const box = $("timeline");
    clear(box);
    const width = Math.max(300, box.clientWidth - 20);
    const height = box.clientHeight || 150;
    const pad = { left: 36, right: 8, top: 8, bottom: 22 };
    const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Events per day by type" });
    box.appendChild(svg);
    const step = { day: DAY_MS, week: 7 * DAY_MS, month: 30.44 * DAY_MS }[timelineBucket];
    timelineHint();
    $("timeline-clear").hidden = !(state.filters.date_from || state.filters.date_to);
    if (!timelineRows.length) {
      const t = svgEl("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" });
      t.textContent = "No dated events match these filters";
      svg.appendChild(t);
      return;
    }
    // stack per period, in a fixed type order so colours sit in the same place on every bar
    const periods = new Map();
    for (const row of timelineRows) {
      const t0 = periodStart(row.period);
      if (!periods.has(t0)) periods.set(t0, new Map());
      const value = state.measure === "fatalities" ? row.fatalities : row.events;
      const stack = periods.get(t0);
      stack.set(row.event_type, (stack.get(row.event_type) || 0) + value);
    }
    const starts = [...periods.keys()].sort((a, b) => a - b);
    let tMin = timelineSpan ? Math.min(timelineSpan.from, starts[0]) : starts[0];
    let tMax = timelineSpan ? Math.max(timelineSpan.to, starts[starts.length - 1] + step) : starts[starts.length - 1] + step;
    const minSpan = 30 * step;  // a few days of data should not become a few giant bars
    if (tMax - tMin < minSpan) {
      const pad = Math.ceil((minSpan - (tMax - tMin)) / 2 / step) * step;
      tMin -= pad;
      tMax += pad;
    }
    let yMax = 1;
    for (const stack of periods.values()) {
      let total = 0;
      for (const v of stack.values()) total += v;
      yMax = Math.max(yMax, total);
    }
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const x = (t) => pad.left + ((t - tMin) / (tMax - tMin)) * plotW;
    const y = (v) => pad.top + plotH - (v / yMax) * plotH;
    const slot = (step / (tMax - tMin)) * plotW;
    const barW = Math.max(1, Math.min(28, slot > 4 ? slot - 1 : slot));

    const grid = svgEl("g", { class: "grid" });
    const axis = svgEl("g", { class: "axis" });
    for (const v of niceTicks(yMax, 3)) {
      grid.appendChild(svgEl("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }));
      const label = svgEl("text", { x: pad.left - 6, y: y(v) + 4, "text-anchor": "end" });
      label.textContent = fmt(v);
      axis.appendChild(label);
    }
    svg.appendChild(grid);

    const typeOrder = [...TYPE_ORDER, null];
    const bars = svgEl("g", { class: "bars" });
    for (const t0 of starts) {
      const stack = periods.get(t0);
      let base = 0;
      const keys = [...stack.keys()].sort((a, b) => rank(a) - rank(b));
      for (const type of keys) {
        const v = stack.get(type);
        if (!v) continue;
        const rect = svgEl("rect", {
          x: x(t0) + (slot - barW) / 2, width: barW, y: y(base + v), height: Math.max(0.5, y(base) - y(base + v)), fill: colourOf(type),
        });
        const title = svgEl("title");
        title.textContent = `${isoDay(t0)}${timelineBucket !== "day" ? ` (${timelineBucket})` : ""} · ${type || "Unclassified"}: ${fmt(v)}`;
        rect.appendChild(title);
        bars.appendChild(rect);
        base += v;
      }
    }
    svg.appendChild(bars);
    function rank(type) { const i = typeOrder.indexOf(type); return i < 0 ? typeOrder.length : i; }

    axis.appendChild(svgEl("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + plotH, y2: pad.top + plotH }));
    for (const t of timeTicks(tMin, tMax, Math.max(2, Math.floor(plotW / 90)))) {
      const label = svgEl("text", { x: x(t), y: height - 6, "text-anchor": "middle" });
      const long = tMax - tMin > 300 * DAY_MS;
      label.textContent = new Date(t).toLocaleDateString("en-GB", long ? { month: "short", year: "numeric", timeZone: "UTC" }
        : { day: "numeric", month: "short", timeZone: "UTC" });
      axis.appendChild(label);
    }
    svg.appendChild(axis);

    // the current date filter, shown as a brush over the bars
    const selFrom = state.filters.date_from ? periodStart(state.filters.date_from) : null;
    const selTo = state.filters.date_to ? periodStart(state.filters.date_to) + DAY_MS : null;
    if (selFrom !== null || selTo !== null) {
      const a = x(Math.max(tMin, selFrom ?? tMin));
      const b = x(Math.min(tMax, selTo ?? tMax));
      svg.appendChild(svgEl("rect", { class: "brush", x: a, y: pad.top, width: Math.max(1, b - a), height: plotH }));
    }
    setupBrush(svg, { x0: pad.left, x1: width - pad.right, top: pad.top, plotH, tMin, tMax, width });
  }

  function setupBrush(svg, geo) {
    const toTime = (px) => geo.tMin + ((px - geo.x0) / (geo.x1 - geo.x0)) * (geo.tMax - geo.tMin);
    const local = (evt) => {
      const r = svg.getBoundingClientRect();
      return Math.min(geo.x1, Math.max(geo.x0, ((evt.clientX - r.left) / r.width) * geo.width));
    };
    let start = null;
    let rect = null;
    svg.addEventListener("pointerdown", (evt) => {
      start = local(evt);
      svg.setPointerCapture(evt.pointerId);
      svg.querySelectorAll(".brush").forEach((n) => n.remove());
      rect = svgEl("rect", { class: "brush", x: start, y: geo.top, width: 0, height: geo.plotH });
      svg.appendChild(rect);
    });
    svg.addEventListener("pointermove", (evt) => {
      if (start === null) return;
      const now = local(evt);
      rect.setAttribute("x", Math.min(start, now));
      rect.setAttribute("width", Math.abs(now - start));
    });
    svg.addEventListener("pointerup", (evt) => {
      if (start === null) return;
      const end = local(evt);
      const a = Math.min(start, end);
      const b = Math.max(start, end);
      start = null;
      const form = $("filters");
      if (b - a < 3) {  // a click, not a drag: clear the date filter
        form.elements.date_from.value = "";
        form.elements.date_to.value = "";
      } else {
        form.elements.date_from.value = isoDay(toTime(a));
        form.elements.date_to.value = isoDay(toTime(b) - 1);
      }
      onFiltersChanged();
    });
  }

  function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }

  function niceTicks(max, count) {
    const raw = max / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || mag * 10;
    const ticks = [];
    for (let v = step; v <= max; v += step) ticks.push(Math.round(v));
    return ticks.length ? ticks : [max];
  }

  function timeTicks(tMin, tMax, count) {
    const span = tMax - tMin;
    const steps = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652].map((d) => d * DAY_MS);
    const step = steps.find((s) => span / s <= count) || 3652 * DAY_MS;
    const ticks = [];
    for (let t = Math.ceil(tMin / step) * step; t < tMax; t += step) ticks.push(t);
    return ticks;
  }

  // ---------------------------------------------------------------- summary and filter options

  function renderSummary(summary) {
    $("kpi-events").textContent = fmt(summary.events);
    $("kpi-fatalities").textContent = fmt(summary.fatalities);
    $("kpi-articles").textContent = fmt(summary.articles);
    $("kpi-countries").textContent = fmt((summary.countries || []).length);
    $("kpi-span").textContent = summary.date_min ? `${fmtDate(summary.date_min)} – ${fmtDate(summary.date_max)}` : "–";
  }

  /** The filter lists: every country and event type in the ledger, with its number of events. */
  function renderOptions(all) {
    const form = $("filters");
    fillSelect(form.elements.country, (all.countries || []).filter((c) => c.country).map((c) => [c.country, `${c.country} (${fmt(c.events)})`]),
      "All countries");
    const types = new Map(TYPE_ORDER.map((t) => [t, 0]));
    for (const t of all.event_types || []) if (t.event_type) types.set(t.event_type, t.events);
    fillSelect(form.elements.event_type, [...types].map(([t, n]) => [t, n ? `${t} (${fmt(n)})` : t]), "All types");
    writeForm(state.filters);
  }

  function fillSelect(select, options, allLabel) {
    const current = select.value;
    clear(select);
    select.appendChild(el("option", { value: "" }, allLabel));
    for (const [value, label] of options) select.appendChild(el("option", { value }, label));
    select.value = current;
  }

  // ---------------------------------------------------------------- table

  async function loadTable() {
    const generation = state.generation;
    // pages after the first continue from the previous page's next_cursor (no OFFSET scan on the server)
    if (state.page === 1) state.cursors = [];
    const cursor = state.cursors[state.page];
    const params = { ...state.filters, size: PAGE_SIZE, sort: state.sort, ...(cursor ? { cursor } : { page: state.page }) };
    if (state.inView && map) {
      const b = map.getBounds();
      const west = Math.max(-180, b.getWest());
      const east = Math.min(180, b.getEast());
      params.bbox = [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(",");
    }
    tableLoading();
    const data = await api("/api/events", params);
    if (generation !== state.generation) return;
    renderTable(data);
  }

  function tableLoading() {
    const body = $("events-body");
    body.dataset.status = "loading";
    if (!body.children.length) body.appendChild(emptyRow("Loading events…"));
  }

  /** Draw one page of events (the body of /api/events) as the table's page ``state.page``. */
  function renderTable(data) {
    const body = clear($("events-body"));
    if (!data.events.length) body.appendChild(emptyRow("No events match these filters. Try widening the dates or clearing a filter."));
    for (const ev of data.events) body.appendChild(eventRow(ev));
    // totals are counted up to a cap (total_exact false beyond): "1,000+ events"
    const more = data.total_exact === false ? "+" : "";
    state.cursors[state.page + 1] = data.next_cursor;
    const first = data.events.length ? (state.page - 1) * PAGE_SIZE + 1 : 0;
    const last = first ? first + data.events.length - 1 : 0;
    $("table-count").textContent = `${fmt(data.total)}${more} event${data.total === 1 && !more ? "" : "s"}`;
    $("page-info").textContent = first ? `${fmt(first)}–${fmt(last)} of ${fmt(data.total)}${more}` : "";
    $("page-prev").disabled = state.page <= 1;
    $("page-next").disabled = !data.next_cursor;
    body.dataset.status = "ready";
    body.dataset.total = String(data.total);
  }

  function emptyRow(text) {
    return el("tr", { class: "empty-row" }, el("td", { colspan: 7 }, text));
  }

  function eventRow(ev) {
    const loc = ev.location;
    const wounded = sumKind(ev.casualties, "wounded");
    const claimants = [...new Set((ev.claims || []).map((c) => c.claimed_by).filter(Boolean))];
    const row = el("tr", {
      tabindex: 0, dataset: { id: ev.id }, class: ev.id === state.selectedId ? "is-selected" : null,
      onclick: () => openDetail(ev.id),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openDetail(ev.id); } },
    },
    el("td", null, el("div", null, fmtDate(ev.date && ev.date.start)),
      ev.date && ev.date.end && ev.date.end !== ev.date.start ? el("div", { class: "sub" }, "to " + fmtDate(ev.date.end)) : null),
    el("td", null,
      el("div", { class: "badge" }, el("span", { class: "swatch", style: { background: colourOf(ev.event_type) } }),
        ev.event_type || "Unclassified"),
      el("div", { class: "sub" }, ev.sub_event_type || ""),
      ev.status !== "reported" ? el("span", { class: "pill pill-info" }, ev.status) : null),
    el("td", null, loc ? el("div", null, loc.name) : el("span", { class: "muted" }, "no place"),
      loc && loc.country ? el("div", { class: "sub" }, [loc.admin1, loc.country].filter(Boolean).join(", ")) : null),
    el("td", { class: "num" }, fmt(ev.fatalities)),
    el("td", { class: "num col-wounded" }, wounded === null ? "–" : fmt(wounded)),
    el("td", { class: "num" }, fmt(ev.independent_sources || (ev.articles || []).length)),
    el("td", { class: "sub col-claimed" }, claimants.slice(0, 3).join("; ") + (claimants.length > 3 ? ` +${claimants.length - 3}` : "")));
    return row;
  }

  // ---------------------------------------------------------------- detail panel

  async function openDetail(id) {
    state.selectedId = id;
    syncUrl();
    document.querySelectorAll("#events-body tr.is-selected").forEach((r) => r.classList.remove("is-selected"));
    const row = document.querySelector(`#events-body tr[data-id="${CSS.escape(id)}"]`);
    if (row) row.classList.add("is-selected");
    const panel = $("detail");
    panel.hidden = false;
    panel.dataset.status = "loading";
    panel.dataset.id = id;
    $("layout").classList.add("has-detail");
    clear($("detail-title")).appendChild(el("div", { class: "detail-title" }, "Loading event…"));
    clear($("detail-body")).appendChild(el("div", { class: "loading-text" }, "Loading claims and articles…"));
    if (map) setTimeout(() => map.invalidateSize(), 50);
    let ev;
    try {
      ev = await api("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      clear($("detail-body")).appendChild(el("div", { class: "loading-text" }, "Could not load this event: " + err.message));
      panel.dataset.status = "error";
      return;
    }
    if (state.selectedId !== id) return;
    renderDetail(ev);
    highlightMarker(id);
    const articles = await Promise.all((ev.articles || []).map((aid) =>
      api("/api/articles/" + encodeURIComponent(aid)).then((a) => a, (err) => ({ id: aid, error: err.message }))));
    if (state.selectedId !== id) return;
    renderArticles(ev, articles);
    panel.dataset.status = "ready";
  }

  function closeDetail() {
    state.selectedId = null;
    $("detail").hidden = true;
    $("layout").classList.remove("has-detail");
    document.querySelectorAll(".is-selected").forEach((n) => n.classList.remove("is-selected"));
    syncUrl();
    if (map) setTimeout(() => map.invalidateSize(), 50);
  }

  function renderDetail(ev) {
    const loc = ev.location;
    const title = clear($("detail-title"));
    title.appendChild(el("div", { class: "detail-title" },
      `${ev.sub_event_type || ev.event_type || "Event"}${loc ? " in " + loc.name : ""}`));
    const date = ev.date ? (ev.date.end && ev.date.end !== ev.date.start
      ? `${fmtDate(ev.date.start)} – ${fmtDate(ev.date.end)}` : fmtDate(ev.date.start)) : "date unknown";
    title.appendChild(el("div", { class: "detail-meta" },
      el("span", { class: "badge" }, el("span", { class: "swatch", style: { background: colourOf(ev.event_type) } }),
        ev.event_type || "Unclassified"),
      el("span", null, date + (ev.date && ev.date.precision && ev.date.precision !== "day" ? ` (${ev.date.precision})` : "")),
      loc ? el("span", null, placeName(loc) + (loc.precision ? ` · ${loc.precision}` : "")) : null,
      el("span", { class: "pill" + (ev.status === "reported" ? "" : " pill-info") }, ev.status),
      el("span", { class: "muted" }, `confidence ${Math.round((ev.confidence || 0) * 100)}%`)));

    const body = clear($("detail-body"));

    // reconciled figures, one card per kind/group/side
    const figures = el("div", { class: "figures" });
    for (const c of ev.casualties || []) {
      figures.appendChild(el("div", { class: "figure" },
        el("b", null, fmt(c.best)),
        el("div", { class: "what" }, [c.kind, c.group !== "unknown" ? c.group : null, c.side ? `(${c.side})` : null]
          .filter(Boolean).join(" ")),
        el("div", { class: "range" }, c.low !== c.high ? `range ${fmt(c.low)}–${fmt(c.high)}` : "one figure")));
    }
    for (const m of ev.materiel || []) {
      figures.appendChild(el("div", { class: "figure" },
        el("b", null, fmt(m.count)),
        el("div", { class: "what" }, `${m.kind} ${m.outcome}${m.side ? ` (${m.side})` : ""}`),
        el("div", { class: "range" }, "materiel")));
    }
    body.appendChild(section("Reconciled figures", figures.children.length ? figures
      : el("p", { class: "muted" }, "No casualty or materiel figures were reported.")));

    if ((ev.actors || []).length) {
      body.appendChild(section("Actors", el("div", { class: "actors" }, ev.actors.map((a) =>
        el("span", { class: "actor" }, a.name, " ", el("em", null,
          [a.role, a.type !== "unknown" ? a.type.replace("_", " ") : null, a.backed_by ? "backed by " + a.backed_by : null]
            .filter(Boolean).join(" · ")))))));
    }

    body.appendChild(section(`Claims (${(ev.claims || []).length}) — every figure from every source`, claimsTable(ev)));
    body.appendChild(el("div", { class: "detail-section", id: "detail-articles" },
      el("h3", null, `Sources (${(ev.articles || []).length} articles, ${fmt(ev.independent_sources)} independent)`),
      el("div", { class: "loading-text" }, "Loading article text…")));
  }

  function section(title, content) {
    return el("div", { class: "detail-section" }, el("h3", null, title), content);
  }

  function claimLabel(c) {
    if (c.materiel) return `${c.kind} ${c.outcome || ""}`.trim();
    return [c.kind, c.group && c.group !== "unknown" ? c.group : null].filter(Boolean).join(" · ");
  }

  function claimsTable(ev) {
    const claims = [...(ev.claims || [])];
    if (!claims.length) return el("p", { class: "muted" }, "No figures were claimed for this event.");
    // claims about the same figure sit together, so conflicting numbers are read side by side
    const key = (c) => `${c.materiel ? 1 : 0}|${c.kind}|${c.group || ""}|${c.side || ""}`;
    claims.sort((a, b) => key(a).localeCompare(key(b)) || (b.best - a.best));
    const tbody = el("tbody");
    let last = null;
    for (const c of claims) {
      const k = key(c);
      tbody.appendChild(el("tr", {
        class: k !== last && last !== null ? "group-start" : null,
        title: "Show this figure in the article",
        onclick: () => showEvidence(c),
      },
      el("td", null, el("div", { class: "figure-name" }, claimLabel(c)),
        c.side ? el("div", { class: "source-meta" }, "side: " + c.side) : null),
      el("td", null, el("div", null, c.outlet || "unknown outlet"), el("div", { class: "source-meta" }, fmtDate(c.published))),
      el("td", null, c.claimed_by || el("span", { class: "muted" }, "unattributed"),
        c.partisan ? el("div", null, el("span", { class: "pill pill-warn", title: "The claimant is a party to the conflict" },
          "partisan")) : null),
      el("td", { class: "num" }, c.materiel ? "" : fmt(c.low)),
      el("td", { class: "num best" }, fmt(c.materiel ? (c.count ?? c.best) : c.best)),
      el("td", { class: "num" }, c.materiel ? "" : fmt(c.high))));
      last = k;
    }
    return el("div", { class: "table-wrap" }, el("table", { class: "claims" },
      el("thead", null, el("tr", null, el("th", null, "Figure"), el("th", null, "Source"), el("th", null, "Claimed by"),
        el("th", { class: "num" }, "Low"), el("th", { class: "num" }, "Best"), el("th", { class: "num" }, "High"))),
      tbody));
  }

  /**
   * Evidence spans for one article. Figures (its claims) are the strong highlight; the event's
   * own evidence (the sentences that describe what happened) is the light one.
   */
  function spansFor(ev, article) {
    const spans = [];
    for (const c of ev.claims || []) {
      if (c.article_id !== article.id) continue;
      for (const e of c.evidence || []) {
        spans.push({ ...e, kind: "figure", label: `${claimLabel(c)}: ${fmt(c.count ?? c.best)} (${c.claimed_by || "unattributed"})` });
      }
    }
    for (const e of ev.evidence || []) spans.push({ ...e, kind: "event", label: "what happened" });
    return spans;
  }

  /** Place spans on the text: trust offsets only when they match the quoted text; else search for it. */
  function placeSpans(text, spans) {
    const placed = [];
    for (const s of spans) {
      let start = s.start;
      let end = s.end;
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= text.length && start < end
        && (!s.text || text.slice(start, end) === s.text))) {
        if (!s.text) continue;
        start = text.indexOf(s.text);
        if (start < 0) continue;
        end = start + s.text.length;
      }
      placed.push({ start, end, kind: s.kind, label: s.label });
    }
    return placed;
  }

  /** Cut the text at every span boundary; each covered piece knows which spans cover it. */
  function segments(text, placed) {
    const cuts = new Set([0, text.length]);
    for (const s of placed) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const covering = placed.filter((s) => s.start <= a && s.end >= b);
      const kind = covering.some((s) => s.kind === "figure") ? "figure" : covering.length ? "event" : null;
      const labels = [...new Set(covering.filter((s) => s.kind === kind).map((s) => s.label))];
      const prev = out[out.length - 1];
      if (prev && prev.kind === kind && prev.labels.join("|") === labels.join("|")) prev.end = b;
      else out.push({ start: a, end: b, kind, labels });
    }
    return out;
  }

  function highlightedText(text, spans) {
    const box = el("div", { class: "article-text" });
    for (const seg of segments(text, placeSpans(text, spans))) {
      const piece = text.slice(seg.start, seg.end);
      if (!seg.kind) {
        box.appendChild(document.createTextNode(piece));
        continue;
      }
      box.appendChild(el("mark", {
        class: seg.kind === "figure" ? "evidence" : "evidence-event",
        title: seg.labels.join("\n"), dataset: { start: seg.start, end: seg.end },
      }, piece));
    }
    return box;
  }

  function renderArticles(ev, articles) {
    const holder = $("detail-articles");
    if (!holder) return;
    clear(holder);
    holder.appendChild(el("h3", null,
      `Sources (${articles.length} article${articles.length === 1 ? "" : "s"}, ${fmt(ev.independent_sources)} independent)`));
    holder.appendChild(el("p", { class: "highlight-key" },
      el("mark", { class: "evidence" }, "a figure"), " and who claims it · ",
      el("mark", { class: "evidence-event" }, "what happened"), " · click a claim above to find it"));
    for (const a of articles) {
      if (a.error) {
        holder.appendChild(el("div", { class: "article" }, el("div", { class: "article-head" },
          el("div", { class: "muted" }, `Article ${a.id} could not be loaded: ${a.error}`))));
        continue;
      }
      const safeUrl = a.url && /^https?:\/\//i.test(a.url) ? a.url : null;
      const meta = [a.outlet, a.published ? fmtDate(a.published) + (a.published_inferred ? " (inferred)" : "") : null]
        .filter(Boolean).join(" · ");
      const card = el("article", { class: "article", dataset: { article: a.id } },
        el("div", { class: "article-head" },
          el("div", { class: "article-title" }, a.title || "Untitled article"),
          el("div", { class: "article-meta" }, meta,
            safeUrl ? [" · ", el("a", { href: safeUrl, target: "_blank", rel: "noopener noreferrer" }, safeUrl)] : null)),
        highlightedText(a.text || "", spansFor(ev, a)));
      const extras = [];
      if ((a.captions || []).length) {
        extras.push(el("details", null, el("summary", null, `Photo captions (${a.captions.length})`),
          el("ul", null, a.captions.map((c) => el("li", null, c)))));
      }
      if ((a.removed || []).length) {
        extras.push(el("details", null, el("summary", null, `Removed while cleaning (${a.removed.length})`),
          el("ul", null, a.removed.map((r) => el("li", null, r)))));
      }
      if (extras.length) card.appendChild(el("div", { class: "article-extra" }, extras));
      holder.appendChild(card);
    }
  }

  function showEvidence(claim) {
    const card = document.querySelector(`#detail-articles article[data-article="${CSS.escape(claim.article_id || "")}"]`);
    if (!card) return;
    const e = (claim.evidence || [])[0];
    const marks = [...card.querySelectorAll("mark.evidence")];
    const mark = e ? marks.find((m) => +m.dataset.start <= e.start && +m.dataset.end >= e.end)
      || marks.find((m) => m.textContent.includes(e.text)) : null;
    const target = mark || card;
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    if (mark) {
      mark.classList.remove("flash");
      void mark.offsetWidth;  // restart the animation
      mark.classList.add("flash");
    }
  }

  // ---------------------------------------------------------------- orchestration

  function exportLinks() {
    for (const a of document.querySelectorAll("#export-menu .menu-item")) {
      a.href = "/api/export" + query({ ...state.filters, format: a.dataset.format });
    }
  }

  let optionsLoaded = false;  // the filter lists come with the first bootstrap that succeeds

  // steps of the first render, for benchmarks/api.py and anyone profiling it (Performance API marks)
  function firstRenderMark(name) {
    if (!performance.getEntriesByName("warledger-ready").length) performance.mark("warledger-" + name);
  }

  /** Draw one part of the bootstrap; the map hands back the promise of its paint through ``onPaint``. */
  function drawPart(name, part, generation, onPaint) {
    if (name === "map") onPaint(renderMap(part, generation));
    else if (name === "events") { if (part) renderTable(part); }
    else if (name === "summary") renderSummary(part);
    else if (name === "timeline") { timelineDays = part.rows; layoutTimeline(); }
    else if (name === "options" && part) { renderOptions(part); optionsLoaded = true; }
  }

  /** Reload what the filters show: one request (/api/dashboard/bootstrap), then draw map, table, figures, timeline. */
  async function refresh() {
    const generation = ++state.generation;
    syncUrl();
    exportLinks();
    // the bootstrap holds the first page; a later page or the "in the map view" table is asked for apart
    const ownTable = state.page === 1 && !state.inView;
    const withOptions = !optionsLoaded;
    const path = boot.bootstrapPath(state.filters, state.sort, ownTable ? PAGE_SIZE : 0, withOptions);
    mapLoading();
    $("timeline").dataset.status = "loading";
    if (ownTable) tableLoading();
    try {
      const table = ownTable ? null : loadTable();
      let painted = null;
      const drawn = new Set();
      // each part is drawn as it arrives (the map points and the table come first, the sums over the
      // whole ledger last); at start boot.js has sent this very request already
      await apiLines(path, boot.take(path, state.settings.token), (line) => {
        if (generation !== state.generation) return;
        if (line.error) throw new Error(line.error);
        for (const [name, part] of Object.entries(line)) {
          drawPart(name, part, generation, (p) => { painted = p; });
          drawn.add(name);
          firstRenderMark(name);
        }
      });
      if (generation !== state.generation) return;
      const missing = ["map", "summary", "timeline", "events", "options"].filter((name) => !drawn.has(name));
      if (missing.length) throw new Error("the response ended without " + missing.join(", "));
      await Promise.all([painted, table]);
      // tests and scripts wait on this counter: it moves once a refresh has drawn everything
      if (generation === state.generation) {
        document.body.dataset.loaded = String(generation);
        // the first complete render, for benchmarks/api.py (Performance API)
        firstRenderMark("ready");
      }
    } catch (err) {
      if (generation === state.generation) {
        const reached = optionsLoaded ? "load events" : "reach the warledger API";
        mapStatus("Could not " + reached);
        toast("Could not " + reached + " — " + err.message);
      }
    }
  }

  let debounce = null;
  function onFiltersChanged() {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      state.filters = readForm();
      state.page = 1;
      renderLegend();
      refresh();
    }, 250);
  }

  function resetFilters() {
    $("filters").reset();
    onFiltersChanged();
  }

  function bind() {
    const form = $("filters");
    form.addEventListener("input", onFiltersChanged);
    form.addEventListener("change", onFiltersChanged);
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("reset", () => setTimeout(onFiltersChanged, 0));
    $("sort").addEventListener("change", (e) => { state.sort = e.target.value; state.page = 1; syncUrl(); loadTable().catch(fail); });
    $("page-prev").addEventListener("click", () => { if (state.page > 1) { state.page -= 1; loadTable().catch(fail); } });
    $("page-next").addEventListener("click", () => { state.page += 1; loadTable().catch(fail); });
    $("detail-close").addEventListener("click", closeDetail);
    $("timeline-clear").addEventListener("click", () => {
      form.elements.date_from.value = "";
      form.elements.date_to.value = "";
      onFiltersChanged();
    });
    for (const btn of document.querySelectorAll(".seg-btn")) {
      btn.addEventListener("click", () => {
        state.measure = btn.dataset.measure;
        document.querySelectorAll(".seg-btn").forEach((b) => b.classList.toggle("is-on", b === btn));
        drawTimeline();
      });
    }
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("detail").hidden) closeDetail(); });
    let resizeTimer = null;
    window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawTimeline, 150); });
    $("export-menu").addEventListener("click", (e) => {
      const link = e.target.closest(".menu-item");
      if (link && state.settings.token) { e.preventDefault(); downloadWithToken(link); }
      $("export-menu").open = false;
    });
  }

  // links cannot carry an Authorization header; on a private server, fetch the file instead
  async function downloadWithToken(link) {
    try {
      busy(1);
      const response = await fetch(link.href, { headers: { Authorization: "Bearer " + state.settings.token } });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: `warledger-${link.dataset.format}` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      toast("Export failed: " + err.message);
    } finally {
      busy(-1);
    }
  }

  function fail(err) { toast(err.message); }

  async function start() {
    loadSettings();
    readUrl();
    setupSettings();
    bind();
    initMap();
    exportLinks();
    await refresh();
    if (state.selectedId) openDetail(state.selectedId);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
