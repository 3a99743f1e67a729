/* citydip: the world map of an imported dataset (Leaflet 1.9). Self-contained, no modules.
 *
 * <div id="world-map" data-api="/api/v1/datasets/KEY" data-countries="…geojson"
 *      data-network="/world/network?dataset=KEY"></div>
 * <form id="world-map-options"><select name="level">auto|countries</select></form>
 *
 * On every move it asks the server for the viewport at the map's zoom:
 *   KEY/places?bbox=w,s,e,n&zoom=z → {clusters: [{lat, lon, n, ties, top}], places: [...]}
 *   KEY/ties?bbox=…&zoom=z&level=… → {level, bundles: [{a, b, n}], ties: [{id, a, b}]}
 * Places, ties and bundles are drawn on one canvas (no DOM node each); a cluster is a small
 * div with its count (a viewport holds a few hundred at most). Text from the data is only
 * ever set as textContent.
 * When drawn: #world-map[data-ready="1"][data-zoom][data-clusters][data-points][data-lines][data-level].
 */
(function () {
  "use strict";

  const DEFAULTS = {
    error: "The data could not be loaded.",
    empty: "Nothing here.",
    more: "{n} more not drawn",
    degree: "{n} ties",
    place_page: "Place page",
    ego: "Partners network",
    zoom_in: "Zoom in",
    places: "places",
    ties: "ties",
    level_cells: "lines between groups",
    level_countries: "lines between countries",
    level_ties: "single ties",
    status_map: "Zoom {zoom}: {clusters} groups and {places} places of {total}; {lines} lines ({level}) for {ties} ties.",
    unplaced: "{n} places have no coordinates and are on no map.",
  };
  const POINT = { color: "#0d3573", weight: 1, fillColor: "#3d7dd8", fillOpacity: 0.85 };
  const LINE = "#c0392b";
  const OUTLINE = { color: "#9aa7b4", weight: 0.6, fillColor: "#f7f5ef", fillOpacity: 1 };

  const { readLabels, safeHref } = window.citydip;
  const fmt = (text, values) =>
    String(text).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  const short = (n) => (n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : String(n));

  function el(tag, text, className) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (text != null) n.textContent = String(text);
    return n;
  }

  async function getJSON(url, signal) {
    const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
    if (!resp.ok) throw new Error(url + ": HTTP " + resp.status);
    return resp.json();
  }

  function init(box) {
    if (!box || box._citydipWorld || !window.L) return;
    box._citydipWorld = true;
    const L = window.L;
    const labels = readLabels(box, "world", DEFAULTS);
    const api = box.dataset.api;
    const status = document.getElementById("world-map-status");
    const options = document.getElementById("world-map-options");
    box.dataset.ready = "0";

    const map = L.map(box, { preferCanvas: true, minZoom: 1, maxZoom: 14, zoomSnap: 1, worldCopyJump: false });
    box._citydipMap = map;
    map.createPane("outlines").style.zIndex = "250";
    const outlineRenderer = L.canvas({ pane: "outlines", padding: 0.5 });
    const renderer = L.canvas({ padding: 0.3 });
    const outlines = L.layerGroup().addTo(map);
    const drawn = L.layerGroup().addTo(map); // lines, then points: one canvas
    const clusters = L.layerGroup().addTo(map);
    map.setView([30, 10], 2);

    function placePopup(p) {
      const div = el("div", null, "world-popup");
      div.appendChild(el("strong", p.name));
      if (p.country) div.appendChild(el("span", " (" + p.country + ")", "muted"));
      div.appendChild(el("div", fmt(labels.degree, { n: p.degree })));
      const links = el("div");
      const page = el("a", labels.place_page);
      page.href = safeHref("/places/" + Number(p.id)) || "#";
      const ego = el("a", labels.ego);
      const u = new URL(box.dataset.network || "/world/network", document.baseURI);
      u.searchParams.set("place", String(Number(p.id)));
      ego.href = safeHref(u.href) || "#";
      ego.className = "world-ego-link";
      links.append(page, ego);
      div.appendChild(links);
      return div;
    }

    function drawPoint(p) {
      if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return;
      const m = L.circleMarker([p.lat, p.lon], Object.assign({ renderer, radius: 3 + Math.min(7, Math.sqrt(p.degree || 0)) }, POINT));
      m.bindTooltip(el("span", p.name), { direction: "top", offset: [0, -4] });
      m.bindPopup(() => placePopup(p));
      m.addTo(drawn);
    }

    function drawCluster(c) {
      const size = Math.round(22 + 9 * Math.log10(Math.max(2, c.n)));
      const html = el("span", short(c.n));
      const icon = L.divIcon({ className: "world-cluster", html, iconSize: [size, size] });
      const m = L.marker([c.lat, c.lon], { icon, keyboard: false, title: "" });
      m.bindTooltip(el("span", c.n + " " + labels.places + " · " + ((c.top && c.top.name) || "")), { direction: "top" });
      m.on("click", () => map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
      m.addTo(clusters);
    }

    function drawLine(a, b, weight, opacity, tip) {
      if (![a[0], a[1], b[0], b[1]].every(Number.isFinite)) return;
      const line = L.polyline([a, b], { renderer, color: LINE, weight, opacity, interactive: true });
      line.bindTooltip(el("span", tip), { sticky: true });
      line.addTo(drawn);
    }

    function draw(places, ties) {
      drawn.clearLayers();
      clusters.clearLayers();
      for (const b of ties.bundles || []) {
        const k = Math.log2(Math.max(1, b.n));
        drawLine(b.a, b.b, 0.6 + Math.min(8, 1.3 * k), 0.14 + Math.min(0.5, 0.08 * k), fmt(labels.degree, { n: b.n }));
      }
      for (const t of ties.ties || []) {
        drawLine([t.a.lat, t.a.lon], [t.b.lat, t.b.lon], 1.3, 0.55, t.a.name + " — " + t.b.name);
      }
      for (const p of places.places || []) drawPoint(p);
      for (const c of places.clusters || []) drawCluster(c);
      const nLines = (ties.bundles || []).length + (ties.ties || []).length;
      const parts = [
        fmt(labels.status_map, {
          zoom: places.zoom,
          clusters: (places.clusters || []).length,
          places: (places.places || []).length,
          total: places.total,
          lines: nLines,
          level: labels["level_" + ties.level] || ties.level,
          ties: ties.total,
        }),
      ];
      if (places.more) parts.push(fmt(labels.more, { n: places.more }) + " (" + labels.places + ").");
      if (ties.more) parts.push(fmt(labels.more, { n: ties.more }) + " (" + labels.ties + ").");
      if (places.unplaced) parts.push(fmt(labels.unplaced, { n: places.unplaced }));
      if (!places.total) parts.push(labels.empty);
      if (status) status.textContent = parts.join(" ");
      Object.assign(box.dataset, {
        zoom: String(places.zoom),
        clusters: String((places.clusters || []).length),
        points: String((places.places || []).length),
        lines: String(nLines),
        level: String(ties.level),
        ready: "1",
      });
      box.dispatchEvent(new CustomEvent("citydip:world-drawn", { bubbles: true }));
    }

    let inflight = null;
    async function load() {
      if (inflight) inflight.abort();
      const ctl = new AbortController();
      inflight = ctl;
      box.dataset.ready = "0";
      const b = map.getBounds().pad(0.1);
      const clamp = (v) => Math.max(-90, Math.min(90, v));
      const bbox = [b.getWest(), clamp(b.getSouth()), b.getEast(), clamp(b.getNorth())].map((v) => v.toFixed(3)).join(",");
      const zoom = Math.round(map.getZoom());
      const level = options ? new FormData(options).get("level") || "auto" : "auto";
      const q = "?bbox=" + encodeURIComponent(bbox) + "&zoom=" + zoom;
      try {
        const [places, ties] = await Promise.all([
          getJSON(api + "/places" + q, ctl.signal),
          getJSON(api + "/ties" + q + "&level=" + encodeURIComponent(level), ctl.signal),
        ]);
        if (!ctl.signal.aborted) draw(places, ties);
      } catch (err) {
        if (err && err.name === "AbortError") return;
        console.error("citydip world map:", err);
        if (status) status.textContent = labels.error;
        box.dataset.ready = "error";
      }
    }

    let timer = null;
    map.on("moveend", () => {
      clearTimeout(timer);
      timer = setTimeout(load, 120);
    });
    if (options) {
      options.addEventListener("change", load);
      options.addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
    }
    if (box.dataset.countries) {
      getJSON(box.dataset.countries).then(
        (geo) => L.geoJSON(geo, { renderer: outlineRenderer, interactive: false, style: OUTLINE }).addTo(outlines),
        (err) => console.error("citydip world map: outlines:", err)
      );
    }
    box._citydipReload = load;
    load();
  }

  function start() {
    for (const s of document.querySelectorAll("#world-chooser select")) s.addEventListener("change", () => s.form.submit());
    init(document.getElementById("world-map"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
