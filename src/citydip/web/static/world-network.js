/* citydip: the world network of an imported dataset (Cytoscape.js 3). Self-contained.
 *
 * <div id="world-network" data-api="/api/v1/datasets/KEY" data-country="" data-place=""></div>
 * <aside id="world-side"></aside> <form id="world-search"><input name="q"></form>
 * <ul id="world-search-results"></ul>
 *
 * Three views, each a few hundred nodes at most:
 *   countries  KEY/countries          countries at their cities' mean position, edges = ties
 *   country    KEY/countries/CC       its most connected cities, their ties, partner countries
 *   ego        KEY/places/ID/ego      a place, its partners and the ties among them
 * Click a country for its cities, a city for its partners. Labels are canvas text, and
 * text in the side panel is set as textContent.
 * When drawn: #world-network[data-ready="1"][data-mode][data-nodes][data-edges].
 */
(function () {
  "use strict";

  const FONT = 'system-ui, "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';
  const COLORS = {
    country: ["#3d7dd8", "#0d3573"],
    city: ["#2ca02c", "#17611a"],
    centre: ["#f2a900", "#7a4b00"],
    partner: ["#9467bd", "#4e2d73"],
  };
  const DEFAULTS = {
    error: "The data could not be loaded.",
    empty: "Nothing here.",
    more: "{n} more not drawn",
    degree: "{n} ties",
    place_page: "Place page",
    countries: "All countries",
    back: "Back to all countries",
    cities: "cities",
    partners: "partners",
    domestic: "ties within the country",
    abroad: "ties abroad",
    search_none: "No place of this dataset has that name.",
    status_network: "{nodes} nodes, {edges} lines.",
  };

  const { readLabels, safeHref } = window.citydip;
  const fmt = (text, values) =>
    String(text).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

  function el(tag, text, className) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (text != null) n.textContent = String(text);
    return n;
  }

  function scale(values, lo, hi) {
    const max = Math.max(1, ...values.filter(Number.isFinite));
    return (v) => lo + (hi - lo) * Math.sqrt(Math.max(0, Number(v) || 0) / max);
  }

  const mercY = (lat) => (Math.log(Math.tan(Math.PI / 4 + (Math.max(-80, Math.min(80, lat)) * Math.PI) / 360)) * 180) / Math.PI;

  async function init(box) {
    if (!box || box._citydipWorld || typeof window.cytoscape !== "function") return;
    box._citydipWorld = true;
    const labels = readLabels(box, "world", DEFAULTS);
    const api = box.dataset.api;
    const side = document.getElementById("world-side");
    const status = document.getElementById("world-network-status");
    const cy = window.cytoscape({
      container: box,
      minZoom: 0.05,
      maxZoom: 5,
      boxSelectionEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            width: "data(size)",
            height: "data(size)",
            "background-color": "data(color)",
            "border-color": "data(border)",
            "border-width": 1.2,
            label: "data(label)",
            "font-family": FONT,
            "font-size": 10,
            "text-valign": "bottom",
            "text-margin-y": 2,
            "text-outline-color": "#fff",
            "text-outline-width": 2,
            "min-zoomed-font-size": 7,
          },
        },
        { selector: "node.centre", style: { "font-size": 13, "font-weight": "bold", "z-index": 10 } },
        { selector: "node.country-node", style: { shape: "round-rectangle" } },
        {
          selector: "edge",
          style: { width: "data(width)", "line-color": "data(color)", opacity: "data(opacity)", "curve-style": "haystack" },
        },
      ],
    });
    box._citydipCy = cy;

    function show(els, layout, mode, panel) {
      cy.elements().remove();
      cy.add(els);
      cy.layout(layout).run();
      cy.fit(undefined, 20);
      side.replaceChildren(...panel);
      const nodes = cy.nodes().length;
      const edges = cy.edges().length;
      if (status) status.textContent = nodes ? fmt(labels.status_network, { nodes, edges }) : labels.empty;
      Object.assign(box.dataset, { mode, nodes: String(nodes), edges: String(edges), ready: "1" });
      box.dispatchEvent(new CustomEvent("citydip:world-drawn", { bubbles: true }));
    }

    function remember(params) {
      const u = new URL(window.location.href);
      u.searchParams.delete("country");
      u.searchParams.delete("place");
      u.searchParams.delete("q");
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      window.history.replaceState(null, "", u.href);
    }

    async function fetchJSON(path) {
      box.dataset.ready = "0";
      const resp = await fetch(api + path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!resp.ok) throw new Error(path + ": HTTP " + resp.status);
      return resp.json();
    }

    function failed(err) {
      console.error("citydip world network:", err);
      if (status) status.textContent = labels.error;
      box.dataset.ready = "error";
    }

    function button(text, onClick, className) {
      const b = el("button", text, className || "link");
      b.type = "button";
      b.addEventListener("click", onClick);
      return b;
    }

    function list(items, make) {
      const ol = el("ol");
      for (const item of items) {
        const li = el("li");
        li.append(...make(item));
        ol.appendChild(li);
      }
      return ol;
    }

    function placeLink(p) {
      const a = el("a", labels.place_page);
      a.href = safeHref("/places/" + Number(p.id)) || "#";
      a.className = "world-place-link";
      return a;
    }

    function node(id, label, kind, size, action, extra) {
      const [color, border] = COLORS[kind];
      return Object.assign(
        { group: "nodes", data: { id, label: label == null ? "" : String(label), size, color, border, action }, classes: kind + "-node" },
        extra || {}
      );
    }
    const edge = (id, s, t, width, color, opacity) => ({ group: "edges", data: { id, source: s, target: t, width, color, opacity } });

    async function countries() {
      let data;
      try {
        data = await fetchJSON("/countries?top=400");
      } catch (err) {
        return failed(err);
      }
      remember({});
      const size = scale(data.countries.map((c) => c.ties), 8, 56);
      const width = scale(data.edges.map((e) => e.n), 0.4, 8);
      let spare = 0;
      const els = data.countries.map((c) => {
        const placed = Number.isFinite(c.lat) && Number.isFinite(c.lon);
        const position = placed ? { x: c.lon * 2.6, y: -mercY(c.lat) * 2.6 } : { x: -460 + 30 * spare++, y: 300 };
        return node("c:" + c.code, c.name, "country", size(c.ties), { country: c.code }, { position });
      });
      data.edges.forEach((e, i) => els.push(edge("e" + i, "c:" + e.a, "c:" + e.b, width(e.n), "#7f8c9a", 0.3)));
      const panel = [el("h2", labels.countries)];
      if (data.more) panel.push(el("p", fmt(labels.more, { n: data.more }), "muted small"));
      panel.push(list(data.countries.slice(0, 25), (c) => [button(c.name, () => country(c.code)), el("span", " " + fmt(labels.degree, { n: c.ties }), "muted")]));
      show(els, { name: "preset", fit: true, padding: 20 }, "countries", panel);
    }

    async function country(code) {
      let data;
      try {
        data = await fetchJSON("/countries/" + encodeURIComponent(code));
      } catch (err) {
        return failed(err);
      }
      remember({ country: code });
      const size = scale(data.cities.map((p) => p.degree), 8, 44);
      const csize = scale(data.partners.map((c) => c.ties), 10, 40);
      const width = scale(data.abroad.map((a) => a.n), 0.6, 6);
      // concentric rings: the best-connected cities inside, partner countries outside
      const cityEls = data.cities.map((p) => {
        const n = node("p:" + p.id, p.name, "city", size(p.degree), { place: p.id });
        n.data.rank = 1 + Math.log2(1 + p.degree);
        return n;
      });
      const countryEls = data.partners.map((c) => {
        const n = node("c:" + c.code, c.name, "country", csize(c.ties), { country: c.code });
        n.data.rank = 0;
        return n;
      });
      const nodes = cityEls.concat(countryEls);
      const edges = [];
      data.domestic.forEach((d, i) => edges.push(edge("d" + i, "p:" + d.a, "p:" + d.b, 1.2, "#2ca02c", 0.6)));
      const known = new Set(nodes.map((n) => n.data.id));
      data.abroad.forEach((a, i) => {
        if (known.has("c:" + a.country)) edges.push(edge("a" + i, "p:" + a.city, "c:" + a.country, width(a.n), "#7f8c9a", 0.4));
      });
      const c = data.country;
      const panel = [
        el("h2", c.name),
        el("p", c.places + " " + labels.cities + " · " + fmt(labels.degree, { n: c.ties }) + " · " + c.domestic + " " + labels.domestic),
        button(labels.back, () => countries(), "world-back"),
      ];
      if (data.more) panel.push(el("p", fmt(labels.more, { n: data.more }) + " (" + labels.cities + ")", "muted small"));
      panel.push(list(data.cities.slice(0, 30), (p) => [button(p.name, () => ego(p.id)), el("span", " " + fmt(labels.degree, { n: p.degree }), "muted")]));
      const layout = { name: "concentric", concentric: (n) => n.data("rank"), levelWidth: () => 1.2, minNodeSpacing: 6, animate: false };
      show(nodes.concat(edges), layout, "country", panel);
    }

    async function ego(id) {
      let data;
      try {
        data = await fetchJSON("/places/" + encodeURIComponent(id) + "/ego");
      } catch (err) {
        return failed(err);
      }
      remember({ place: String(id) });
      const p = data.place;
      const size = scale(data.partners.map((q) => q.degree), 8, 36);
      const nodes = [node("p:" + p.id, p.name, "centre", 48, { place: p.id }, { classes: "centre" })];
      nodes[0].data.rank = 2;
      for (const q of data.partners) {
        const n = node("p:" + q.id, q.name, "partner", size(q.degree), { place: q.id });
        n.data.rank = 1;
        nodes.push(n);
      }
      const edges = data.partners.map((q, i) => edge("c" + i, "p:" + p.id, "p:" + q.id, 1.4, "#f2a900", 0.7));
      data.ties.forEach((t, i) => edges.push(edge("t" + i, "p:" + t.a, "p:" + t.b, 1, "#9467bd", 0.5)));
      const panel = [
        el("h2", p.name + (p.country ? " (" + p.country + ")" : "")),
        el("p", fmt(labels.degree, { n: p.degree }) + " · " + data.partners.length + " " + labels.partners),
        placeLink(p),
        el("br"),
      ];
      if (p.country) panel.push(button(p.country, () => country(p.country), "world-country-button"));
      panel.push(button(labels.back, () => countries(), "world-back"));
      if (data.more) panel.push(el("p", fmt(labels.more, { n: data.more }), "muted small"));
      panel.push(list(data.partners.slice(0, 30), (q) => [button(q.name, () => ego(q.id)), el("span", " " + (q.country || "") + " · " + q.degree, "muted")]));
      const layout = { name: "concentric", concentric: (n) => n.data("rank"), levelWidth: () => 1, minNodeSpacing: 4, animate: false };
      show(nodes.concat(edges), layout, "ego", panel);
    }

    cy.on("tap", "node", (ev) => {
      const action = ev.target.data("action") || {};
      if (action.country) country(action.country);
      else if (action.place) ego(action.place);
    });

    const form = document.getElementById("world-search");
    const results = document.getElementById("world-search-results");
    async function search(q) {
      let data;
      try {
        data = await fetchJSON("/search?q=" + encodeURIComponent(q));
      } catch (err) {
        return failed(err);
      }
      box.dataset.ready = "1";
      results.replaceChildren();
      results.hidden = false;
      if (!data.items.length) results.appendChild(el("li", labels.search_none, "muted"));
      for (const p of data.items) {
        const li = el("li");
        li.appendChild(button(p.name + (p.country ? " (" + p.country + ")" : "") + " · " + p.degree, () => ego(p.id), "world-result"));
        results.appendChild(li);
      }
      if (data.items.length) ego(data.items[0].id);
    }
    if (form) {
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const q = String(new FormData(form).get("q") || "").trim();
        if (q) search(q);
      });
    }

    if (box.dataset.place) ego(box.dataset.place);
    else if (box.dataset.country) country(box.dataset.country);
    else countries();
  }

  function start() {
    for (const s of document.querySelectorAll("#world-chooser select")) s.addEventListener("change", () => s.form.submit());
    init(document.getElementById("world-network"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
