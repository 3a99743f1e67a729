/* citydip: the ties map (Leaflet 1.9). Self-contained, no modules, no network but our own.
 *
 * <div id="map" data-src="/api/map" data-countries="/static/vendor/countries-110m-2.0.2.geojson"></div>
 * <form id="map-filters"><select name="type">…</select><select name="region">…</select>
 *   <select name="year">…</select></form>
 *
 * data-src returns a GeoJSON FeatureCollection of
 *   Point      {id, name, url, country, level, home: bool, ties: [type code, …]}
 *   LineString {id, type, since, label}
 * Labels: <script type="application/json" id="labels">{"map": {…}}</script> and/or
 * data-label-* attributes on #map (see DEFAULT_LABELS). Text from the data is only ever
 * set as textContent, never as HTML.
 * When drawn: #map[data-ready="1"][data-markers="N"][data-lines="M"].
 */
(function () {
  "use strict";

  const TYPE_COLORS = {
    sister: "#d62728",
    friendship: "#1f77b4",
    partnership: "#2ca02c",
    cooperation: "#ff7f0e",
    other: "#9467bd",
  };
  const UNKNOWN_COLOR = "#8c8c8c";
  const HOME_STYLE = { radius: 9, color: "#7a4b00", weight: 2, fillColor: "#f2a900", fillOpacity: 0.95 };
  const CITY_STYLE = { radius: 5.5, color: "#0d3573", weight: 1.5, fillColor: "#3d7dd8", fillOpacity: 0.85 };
  const OUTLINE_STYLE = { color: "#9aa7b4", weight: 0.6, fillColor: "#f7f5ef", fillOpacity: 1 };

  const DEFAULT_LABELS = {
    legend: "Ties",
    home: "Home city",
    city: "Partner city",
    outlines: "Country outlines",
    cities: "Cities",
    lines: "Ties",
    osm: "OpenStreetMap (online)",
    since: "since",
    error: "The map data could not be loaded.",
    empty: "Nothing matches these filters.",
    types: {
      sister: "Sister city",
      friendship: "Friendship city",
      partnership: "Partnership",
      cooperation: "Cooperation",
      other: "Other",
    },
  };

  const { readLabels, safeHref } = window.citydip;

  function textNode(tag, text, className) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    n.textContent = text == null ? "" : String(text);
    return n;
  }

  /* The countries' rings as lines, less the edges that the cut at the 180th meridian made
   * (and Antarctica's edge along the pole): those are no borders, and would show as a
   * seam when the map is centred on the Pacific. Fills are drawn without strokes. */
  function borderLines(geo) {
    const lines = [];
    const cut = (a, b) => (Math.abs(a[0]) === 180 && a[0] === b[0]) || (Math.abs(a[1]) === 90 && a[1] === b[1]);
    for (const f of (geo && geo.features) || []) {
      const g = f && f.geometry;
      if (!g) continue;
      const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      for (const poly of polys) {
        for (const ring of poly) {
          let cur = [ring[0]];
          for (let i = 1; i < ring.length; i++) {
            if (cut(ring[i - 1], ring[i])) {
              if (cur.length > 1) lines.push(cur);
              cur = [ring[i]];
            } else {
              cur.push(ring[i]);
            }
          }
          if (cur.length > 1) lines.push(cur);
        }
      }
    }
    return { type: "Feature", properties: {}, geometry: { type: "MultiLineString", coordinates: lines } };
  }

  async function getJSON(url, signal) {
    const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
    if (!resp.ok) throw new Error(url + ": HTTP " + resp.status);
    return resp.json();
  }

  function init(el) {
    if (!el || el._citydipMap || !window.L) return;
    const L = window.L;
    const labels = readLabels(el, "map", DEFAULT_LABELS);
    const typeLabel = (code, fallback) =>
      (labels.types && labels.types[code]) || labels["type_" + code] || fallback || code || "?";
    const colorOf = (code) => TYPE_COLORS[code] || UNKNOWN_COLOR;

    el.dataset.ready = "0";
    const map = L.map(el, { worldCopyJump: false, zoomSnap: 0.25, minZoom: 1, maxZoom: 12 });
    el._citydipMap = map;
    map.setView([25, 60], 2);

    const outlineRenderer = L.canvas({ padding: 0.5 });
    const outlines = L.layerGroup().addTo(map);
    const lines = L.featureGroup().addTo(map);
    const markers = L.featureGroup().addTo(map);
    const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    });
    // the layers control sets names as HTML: escape them
    const esc = (t) => String(t).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
    const overlays = {};
    overlays[esc(labels.osm)] = osm;
    overlays[esc(labels.outlines)] = outlines;
    overlays[esc(labels.lines)] = lines;
    overlays[esc(labels.cities)] = markers;
    L.control.layers(null, overlays, { collapsed: true }).addTo(map);
    map.on("overlayadd overlayremove", (ev) => {
      if (ev.layer !== osm) return;
      const on = map.hasLayer(osm);
      outlines.eachLayer((g) => { if (g.options.style && g.options.style.stroke === false) g.setStyle({ fillOpacity: on ? 0 : OUTLINE_STYLE.fillOpacity }); });
    });

    const legend = L.control({ position: "bottomright" });
    let legendDiv = null;
    legend.onAdd = function () {
      legendDiv = L.DomUtil.create("div", "map-legend");
      L.DomEvent.disableClickPropagation(legendDiv);
      return legendDiv;
    };
    legend.addTo(map);

    const message = L.control({ position: "topright" });
    let messageDiv = null;
    message.onAdd = function () {
      messageDiv = L.DomUtil.create("div", "map-legend map-message");
      messageDiv.hidden = true;
      return messageDiv;
    };
    message.addTo(map);
    function say(text, isError) {
      messageDiv.hidden = !text;
      messageDiv.textContent = text || "";
      messageDiv.classList.toggle("load-error", !!isError);
    }

    // Longitudes are shown in a 360-degree window centred on the (first) home city, so a
    // tie from Seoul to San Francisco crosses the Pacific, not Eurasia. The outlines are
    // drawn once per 360-degree copy that the window overlaps.
    let centreLon = null;
    let outlinesData = null;
    let bordersData = null;
    const wrap = (lon) => {
      if (centreLon === null) return lon;
      let x = lon;
      while (x < centreLon - 180) x += 360;
      while (x >= centreLon + 180) x -= 360;
      return x;
    };

    function drawOutlines() {
      outlines.clearLayers();
      if (!outlinesData) return;
      if (!bordersData) bordersData = borderLines(outlinesData);
      const c = centreLon === null ? 0 : centreLon;
      const fill = map.hasLayer(osm) ? 0 : OUTLINE_STYLE.fillOpacity;
      for (let k = -1; k <= 1; k++) {
        const lo = -180 + 360 * k;
        const hi = 180 + 360 * k;
        if (hi <= c - 180 || lo >= c + 180) continue;
        const shift = (xy) => L.latLng(xy[1], xy[0] + 360 * k);
        L.geoJSON(outlinesData, {
          renderer: outlineRenderer,
          interactive: false,
          style: { stroke: false, fillColor: OUTLINE_STYLE.fillColor, fillOpacity: fill },
          coordsToLatLng: shift,
        }).addTo(outlines);
        L.geoJSON(bordersData, {
          renderer: outlineRenderer,
          interactive: false,
          style: { color: OUTLINE_STYLE.color, weight: OUTLINE_STYLE.weight, fill: false },
          coordsToLatLng: shift,
        }).addTo(outlines);
      }
    }

    function drawLegend(typesSeen, hasHome, hasCity) {
      if (!legendDiv) return;
      legendDiv.replaceChildren();
      const ordered = Object.keys(TYPE_COLORS).filter((t) => typesSeen.has(t));
      for (const t of typesSeen.keys()) if (!(t in TYPE_COLORS)) ordered.push(t);
      if (ordered.length) legendDiv.appendChild(textNode("div", labels.legend, "legend-title"));
      for (const t of ordered) {
        const row = document.createElement("div");
        row.className = "legend-row legend-" + (t in TYPE_COLORS ? t : "unknown");
        const sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.background = colorOf(t);
        row.appendChild(sw);
        row.appendChild(document.createTextNode(typeLabel(t, typesSeen.get(t))));
        legendDiv.appendChild(row);
      }
      const dots = [];
      if (hasHome) dots.push([HOME_STYLE, labels.home]);
      if (hasCity) dots.push([CITY_STYLE, labels.city]);
      for (const [style, text] of dots) {
        const row = document.createElement("div");
        const dot = document.createElement("span");
        dot.className = "dot";
        dot.style.background = style.fillColor;
        row.appendChild(dot);
        row.appendChild(document.createTextNode(text));
        legendDiv.appendChild(row);
      }
      legendDiv.hidden = !legendDiv.childNodes.length;
    }

    function draw(fc) {
      const features = (fc && Array.isArray(fc.features) ? fc.features : []).filter(
        (f) => f && f.geometry && Array.isArray(f.geometry.coordinates)
      );
      const points = features.filter((f) => f.geometry.type === "Point");
      const segs = features.filter((f) => f.geometry.type === "LineString");
      const home = points.find((f) => f.properties && f.properties.home);
      const newCentre = home ? Number(home.geometry.coordinates[0]) : null;
      if (newCentre !== centreLon || !outlines.getLayers().length) {
        centreLon = Number.isFinite(newCentre) ? newCentre : null;
        drawOutlines();
      }

      lines.clearLayers();
      markers.clearLayers();
      const typesSeen = new Map();
      for (const f of segs) {
        const p = f.properties || {};
        const code = typeof p.type === "string" ? p.type : "";
        const latlngs = f.geometry.coordinates
          .filter((xy) => Array.isArray(xy) && xy.length >= 2)
          .map((xy) => L.latLng(Number(xy[1]), wrap(Number(xy[0]))));
        if (latlngs.length < 2) continue;
        if (!typesSeen.has(code)) typesSeen.set(code, p.label);
        const line = L.polyline(latlngs, {
          color: colorOf(code),
          weight: 2.2,
          opacity: 0.8,
          className: "tie-line tie-" + (code in TYPE_COLORS ? code : "unknown"),
        });
        const tip = document.createElement("span");
        tip.textContent = p.label || typeLabel(code);
        if (p.since) tip.appendChild(textNode("span", " · " + labels.since + " " + p.since, "muted"));
        line.bindTooltip(tip, { sticky: true });
        line.addTo(lines);
      }

      // home cities last, so they are drawn on top
      const sorted = points.slice().sort((a, b) => !!(a.properties || {}).home - !!(b.properties || {}).home);
      let hasHome = false;
      let hasCity = false;
      for (const f of sorted) {
        const p = f.properties || {};
        const xy = f.geometry.coordinates;
        const lat = Number(xy[1]);
        const lon = Number(xy[0]);
        if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
        const isHome = !!p.home;
        hasHome = hasHome || isHome;
        hasCity = hasCity || !isHome;
        const m = L.circleMarker(
          [lat, wrap(lon)],
          Object.assign({}, isHome ? HOME_STYLE : CITY_STYLE, {
            className: "city-marker" + (isHome ? " home" : ""),
          })
        );
        const tip = textNode("strong", p.name || "");
        m.bindTooltip(tip, { direction: "top", offset: [0, -6] });
        const href = safeHref(p.url);
        if (href) m.on("click", () => { window.location = href; });
        m.addTo(markers);
      }
      drawLegend(typesSeen, hasHome, hasCity);

      const n = markers.getLayers().length;
      if (n) {
        const b = markers.getBounds();
        if (n === 1) map.setView(b.getCenter(), 5);
        else map.fitBounds(b.pad(0.15), { maxZoom: 7 });
        say("");
      } else {
        say(labels.empty);
      }
      el.dataset.markers = String(n);
      el.dataset.lines = String(lines.getLayers().length);
      el.dataset.ready = "1";
      el.dispatchEvent(new CustomEvent("citydip:map-drawn", { bubbles: true, detail: { markers: n } }));
    }

    let inflight = null;
    function dataURL() {
      const u = new URL(el.dataset.src, document.baseURI);
      const form = document.getElementById("map-filters");
      if (form) {
        for (const [k, v] of new FormData(form)) {
          if (typeof v === "string" && v !== "") u.searchParams.append(k, v);
        }
      }
      return u.href;
    }
    async function load() {
      if (inflight) inflight.abort();
      const ctl = new AbortController();
      inflight = ctl;
      el.dataset.ready = "0";
      try {
        const fc = await getJSON(dataURL(), ctl.signal);
        if (ctl.signal.aborted) return;
        draw(fc);
      } catch (err) {
        if (err && err.name === "AbortError") return;
        console.error("citydip map:", err);
        say(labels.error, true);
        el.dataset.ready = "error";
      }
    }

    const countriesURL = el.dataset.countries;
    const outlinesLoaded = countriesURL
      ? getJSON(countriesURL).then(
          (data) => { outlinesData = data; },
          (err) => { console.error("citydip map: outlines:", err); }
        )
      : Promise.resolve();
    outlinesLoaded.then(() => {
      drawOutlines();
      if (el.dataset.src) load();
      else draw({ features: [] });
    });

    const form = document.getElementById("map-filters");
    if (form) {
      form.addEventListener("change", () => load());
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        load();
      });
    }
    el._citydipReload = load;
  }

  function initAll(root) {
    const el = (root && root.querySelector ? root : document).querySelector("#map[data-src], #map[data-countries]");
    if (el) init(el);
    else if (root && root.id === "map") init(root);
  }

  window.citydipMap = { init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => initAll(document));
  else initAll(document);
  document.addEventListener("htmx:load", (ev) => initAll(ev.target));
})();
