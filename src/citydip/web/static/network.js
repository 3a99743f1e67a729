/* citydip: the network graph (Cytoscape.js 3). Self-contained, no modules.
 *
 * <div id="network" data-src="/api/network"></div>
 *
 * data-src returns
 *   {"nodes": [{"id", "label", "kind": "home|partner|network|place", "url", "weight"}],
 *    "edges": [{"id", "source", "target", "kind": "tie|engagement|membership", "type", "weight"}]}
 * Labels (legend): <script type="application/json" id="labels">{"network": {"kinds": {…},
 * "edge_kinds": {…}}}</script> and/or data-label-* attributes on #network.
 * Node labels are drawn on the canvas as text, never parsed as HTML.
 * When drawn: #network[data-ready="1"][data-nodes="N"][data-edges="M"].
 */
(function () {
  "use strict";

  const FONT = 'system-ui, "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';
  const NODE_KINDS = {
    home: { color: "#f2a900", border: "#7a4b00", shape: "star" },
    partner: { color: "#3d7dd8", border: "#0d3573", shape: "ellipse" },
    network: { color: "#2ca02c", border: "#17611a", shape: "round-rectangle" },
    place: { color: "#9467bd", border: "#4e2d73", shape: "diamond" },
  };
  const UNKNOWN_NODE = { color: "#a0a7af", border: "#5b6470", shape: "ellipse" };
  const EDGE_KINDS = {
    tie: { color: "#d62728", style: "solid" },
    engagement: { color: "#1f77b4", style: "solid" },
    membership: { color: "#6b7a89", style: "dashed" },
  };
  const UNKNOWN_EDGE = { color: "#b0b6bd", style: "dotted" };

  const DEFAULT_LABELS = {
    error: "The network could not be loaded.",
    empty: "Nothing to show.",
    kinds: { home: "Home city", partner: "Partner city", network: "Network", place: "Place" },
    edge_kinds: { tie: "Tie", engagement: "Engagement", membership: "Membership" },
  };

  const { readLabels, safeHref } = window.citydip;

  function legendFor(el, labels, nodeKinds, edgeKinds) {
    let box = el.nextElementSibling;
    if (!box || !box.classList.contains("network-legend")) {
      box = document.createElement("div");
      box.className = "map-legend network-legend";
      el.insertAdjacentElement("afterend", box);
    }
    box.replaceChildren();
    const add = (cls, color, text, dashed) => {
      const row = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = cls;
      if (dashed) {
        sw.style.borderTop = "2px dashed " + color;
        sw.style.height = "0";
      } else {
        sw.style.background = color;
      }
      row.appendChild(sw);
      row.appendChild(document.createTextNode(text));
      box.appendChild(row);
    };
    for (const k of nodeKinds) {
      add("dot", (NODE_KINDS[k] || UNKNOWN_NODE).color, (labels.kinds && labels.kinds[k]) || labels["kind_" + k] || k);
    }
    for (const k of edgeKinds) {
      const e = EDGE_KINDS[k] || UNKNOWN_EDGE;
      add("swatch", e.color, (labels.edge_kinds && labels.edge_kinds[k]) || labels["edge_" + k] || k, e.style !== "solid");
    }
    box.hidden = !box.childNodes.length;
  }

  function scaler(values, lo, hi) {
    const nums = values.map(Number).filter(Number.isFinite);
    const min = nums.length ? Math.min(...nums) : 0;
    const max = nums.length ? Math.max(...nums) : 0;
    return (v) => {
      const x = Number(v);
      if (!Number.isFinite(x) || max <= min) return (lo + hi) / 2;
      return lo + (hi - lo) * Math.sqrt((x - min) / (max - min));
    };
  }

  function elements(data) {
    const nodes = Array.isArray(data && data.nodes) ? data.nodes : [];
    const edges = Array.isArray(data && data.edges) ? data.edges : [];
    const size = scaler(nodes.map((n) => n.weight), 14, 56);
    const width = scaler(edges.map((e) => e.weight), 1, 6);
    const ids = new Set();
    const out = [];
    for (const n of nodes) {
      if (!n || n.id == null) continue;
      const id = "n:" + n.id;
      if (ids.has(id)) continue;
      ids.add(id);
      const k = NODE_KINDS[n.kind] || UNKNOWN_NODE;
      out.push({
        group: "nodes",
        data: {
          id,
          ref: n.id,
          label: n.label == null ? "" : String(n.label),
          kind: String(n.kind || ""),
          href: safeHref(n.url),
          size: size(n.weight),
          color: k.color,
          border: k.border,
          shape: k.shape,
        },
        classes: "kind-" + (n.kind in NODE_KINDS ? n.kind : "unknown"),
      });
    }
    let i = 0;
    for (const e of edges) {
      if (!e) continue;
      const s = "n:" + e.source;
      const t = "n:" + e.target;
      if (!ids.has(s) || !ids.has(t)) continue;
      const k = EDGE_KINDS[e.kind] || UNKNOWN_EDGE;
      out.push({
        group: "edges",
        data: {
          id: "e:" + (e.id == null ? "auto" + i++ : e.id),
          source: s,
          target: t,
          kind: String(e.kind || ""),
          type: e.type == null ? "" : String(e.type),
          width: width(e.weight),
          color: k.color,
          style: k.style,
        },
      });
    }
    return out;
  }

  async function init(el) {
    if (!el || el._citydipNetwork || typeof window.cytoscape !== "function") return;
    el._citydipNetwork = true;
    el.dataset.ready = "0";
    const labels = readLabels(el, "network", DEFAULT_LABELS);
    let data;
    try {
      const resp = await fetch(new URL(el.dataset.src, document.baseURI).href, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!resp.ok) throw new Error(el.dataset.src + ": HTTP " + resp.status);
      data = await resp.json();
    } catch (err) {
      console.error("citydip network:", err);
      const p = document.createElement("p");
      p.className = "load-error";
      p.textContent = labels.error;
      el.replaceChildren(p);
      el.dataset.ready = "error";
      return;
    }

    const els = elements(data);
    const nodeCount = els.filter((x) => x.group === "nodes").length;
    const edgeCount = els.length - nodeCount;
    const cy = window.cytoscape({
      container: el,
      elements: els,
      minZoom: 0.1,
      maxZoom: 4,
      userZoomingEnabled: true,
      userPanningEnabled: true,
      boxSelectionEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            width: "data(size)",
            height: "data(size)",
            shape: "data(shape)",
            "background-color": "data(color)",
            "border-color": "data(border)",
            "border-width": 1.5,
            label: "data(label)",
            "font-family": FONT,
            "font-size": 11,
            color: "#1f2328",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "ellipsis",
            "text-max-width": "140px",
            "text-outline-color": "#ffffff",
            "text-outline-width": 2,
            "min-zoomed-font-size": 6,
          },
        },
        { selector: "node.kind-home", style: { "font-weight": "bold", "font-size": 13, "z-index": 10 } },
        { selector: "node:active, node:selected", style: { "border-width": 3, "border-color": "#1f5fbf" } },
        {
          selector: "edge",
          style: {
            width: "data(width)",
            "line-color": "data(color)",
            "line-style": "data(style)",
            "curve-style": "bezier",
            opacity: 0.75,
          },
        },
        { selector: "edge:selected", style: { opacity: 1, width: 4 } },
      ],
      layout: { name: "preset" },
    });
    el._citydipCy = cy;

    const nodeKinds = [];
    const edgeKinds = [];
    cy.nodes().forEach((n) => { const k = n.data("kind"); if (!nodeKinds.includes(k)) nodeKinds.push(k); });
    cy.edges().forEach((e) => { const k = e.data("kind"); if (!edgeKinds.includes(k)) edgeKinds.push(k); });
    const order = (known) => (a, b) => {
      const ia = known.indexOf(a);
      const ib = known.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    };
    nodeKinds.sort(order(Object.keys(NODE_KINDS)));
    edgeKinds.sort(order(Object.keys(EDGE_KINDS)));
    legendFor(el, labels, nodeKinds, edgeKinds);

    cy.on("tap", "node", (ev) => {
      const href = ev.target.data("href");
      if (href) window.location = href;
    });
    cy.on("mouseover", "node", (ev) => {
      if (ev.target.data("href")) el.style.cursor = "pointer";
    });
    cy.on("mouseout", "node", () => { el.style.cursor = ""; });

    const done = () => {
      el.dataset.nodes = String(nodeCount);
      el.dataset.edges = String(edgeCount);
      el.dataset.ready = "1";
      el.dispatchEvent(new CustomEvent("citydip:network-drawn", { bubbles: true, detail: { nodes: nodeCount } }));
    };
    if (!nodeCount) {
      const p = document.createElement("p");
      p.className = "muted";
      p.style.padding = "1rem";
      p.style.position = "absolute";
      p.textContent = labels.empty;
      el.prepend(p);
      done();
      return;
    }
    const layout = cy.layout({
      name: "cose",
      animate: false,
      randomize: true,
      padding: 30,
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 80,
      nodeRepulsion: () => 8000,
      componentSpacing: 60,
    });
    layout.one("layoutstop", () => {
      cy.fit(undefined, 30);
      done();
    });
    layout.run();
  }

  function initAll(root) {
    const scope = root && root.querySelector ? root : document;
    const el = scope.querySelector("#network[data-src]") || (root && root.id === "network" ? root : null);
    if (el && el.dataset.src) init(el);
  }

  window.citydipNetwork = { init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => initAll(document));
  else initAll(document);
  document.addEventListener("htmx:load", (ev) => initAll(ev.target));
})();
