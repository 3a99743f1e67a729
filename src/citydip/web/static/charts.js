/* citydip: dashboard and timeline charts (Vega 6, Vega-Lite 6, vega-embed 7). No modules.
 *
 * <div class="chart" data-vega-src="/api/stats" data-chart="by_year"
 *      data-title-x="Year" data-title-y="Records"></div>
 *
 * data-vega-src returns either a list of rows, or an object whose key data-chart holds
 * that list (the dashboard endpoint: {"by_year": […], "by_region": […], …}); elements
 * that share a URL share one request.
 *   by_year   [{year, kind, n}]              stacked bars per year, coloured by kind
 *   by_region [{region, n}]                  horizontal bars
 *   by_type   [{kind, type, label, n}]       horizontal bars per type, coloured by kind
 *   by_area   [{area, label, n}]             horizontal bars
 *   timeline  [{date, kind, type, title, url}] points over time, one row per kind;
 *             tooltip shows the title, a click opens url
 * Optional: data-title-x / data-title-y (axis titles; empty = none), data-height (px).
 * Kind/type names: <script type="application/json" id="labels">{"charts": {"kinds": {…},
 * "types": {…}}}</script> or data-label-* attributes. Tooltips are escaped by vega-tooltip.
 * When drawn: [data-ready="1"] (and data-rows="N") on each chart element.
 */
(function () {
  "use strict";

  const FONT = 'system-ui, "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';
  const SEP = "\u2063"; // invisible separator: joins kind and label into one bar key
  const KIND_COLORS = ["#1f5fbf", "#f2a900", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"];

  const DEFAULT_LABELS = {
    year: "Year",
    count: "Count",
    region: "Region",
    type: "Type",
    area: "Area",
    kind: "Kind",
    date: "Date",
    title: "Title",
    error: "The chart could not be loaded.",
    empty: "No data yet.",
    kinds: { tie: "Ties", engagement: "Engagements", membership: "Memberships" },
    types: {},
  };

  const { readLabels, safeHref } = window.citydip;

  /* The same kind gets the same colour in every chart: known kinds first, in the order of
   * the labels' "kinds" object, then the others sorted. */
  function kindScale(values, lb) {
    const known = Object.keys(lb.kinds || {}).map((k) => lb.kinds[k]);
    const seen = Array.from(new Set(values.map((v) => v.kind)));
    const domain = known.filter((k) => seen.includes(k)).concat(seen.filter((k) => !known.includes(k)).sort());
    const range = domain.map((k) => {
      const i = known.indexOf(k);
      return KIND_COLORS[(i >= 0 ? i : known.length + domain.indexOf(k)) % KIND_COLORS.length];
    });
    return { domain, range };
  }

  const str = (v) => (v == null ? "" : String(v));
  const num = (v) => {
    const x = Number(v);
    return Number.isFinite(x) ? x : 0;
  };

  function axisTitle(el, which, fallback) {
    const attr = which === "x" ? "titleX" : "titleY";
    if (attr in el.dataset) return el.dataset[attr] === "" ? null : el.dataset[attr];
    return fallback;
  }

  /* Each chart: rows -> [values, Vega-Lite spec without data]. */
  const CHARTS = {
    by_year(rows, el, lb) {
      const kindName = (k) => (lb.kinds && lb.kinds[k]) || lb["kind_" + k] || k;
      const values = rows.map((r) => ({ year: str(r.year), kind: kindName(str(r.kind)), n: num(r.n) }));
      return [
        values,
        {
          mark: { type: "bar", tooltip: true },
          encoding: {
            x: { field: "year", type: "ordinal", sort: "ascending", title: axisTitle(el, "x", lb.year), axis: { labelAngle: 0 } },
            y: { aggregate: "sum", field: "n", type: "quantitative", stack: "zero", title: axisTitle(el, "y", lb.count), axis: { tickMinStep: 1 } },
            color: { field: "kind", type: "nominal", title: lb.kind, scale: kindScale(values, lb), legend: { orient: "bottom" } },
            tooltip: [
              { field: "year", type: "ordinal", title: lb.year },
              { field: "kind", type: "nominal", title: lb.kind },
              { aggregate: "sum", field: "n", type: "quantitative", title: lb.count },
            ],
          },
        },
      ];
    },

    by_region(rows, el, lb) {
      const values = rows.map((r) => ({ region: str(r.region), n: num(r.n) }));
      return [values, hbar("region", el, lb.region, lb, null)];
    },

    by_area(rows, el, lb) {
      const values = rows.map((r) => ({ area: str(r.area), label: str(r.label || r.area), n: num(r.n) }));
      return [values, hbar("label", el, lb.area, lb, null)];
    },

    by_type(rows, el, lb) {
      const kindName = (k) => (lb.kinds && lb.kinds[k]) || lb["kind_" + k] || k;
      const values = rows.map((r) => ({
        kind: kindName(str(r.kind)),
        type: str(r.type),
        label: str(r.label || (lb.types && lb.types[r.type]) || r.type),
        n: num(r.n),
      }));
      // one bar per (kind, label): the y key joins both so equal labels of two kinds stay apart
      for (const v of values) v.key = v.kind + SEP + v.label;
      const spec = hbar("key", el, lb.type, lb, "kind", kindScale(values, lb));
      spec.encoding.y.axis = { labelExpr: "split(datum.label, '" + SEP + "')[1]", labelLimit: 220 };
      spec.encoding.y.sort = { field: "n", op: "sum", order: "descending" };
      return [values, spec];
    },

    timeline(rows, el, lb) {
      const kindName = (k) => (lb.kinds && lb.kinds[k]) || lb["kind_" + k] || k;
      const typeName = (t) => (lb.types && lb.types[t]) || lb["type_" + t] || t;
      const values = rows
        .filter((r) => r && r.date)
        .map((r) => ({
          date: str(r.date),
          kind: kindName(str(r.kind)),
          type: typeName(str(r.type)),
          title: str(r.title),
          url: safeHref(r.url),
        }));
      return [
        values,
        {
          mark: { type: "point", filled: true, size: 80, opacity: 0.8, cursor: "pointer" },
          encoding: {
            x: { field: "date", type: "temporal", title: axisTitle(el, "x", lb.date), scale: { padding: 12 } },
            y: { field: "kind", type: "nominal", title: axisTitle(el, "y", null), axis: { labelLimit: 200 } },
            color: { field: "kind", type: "nominal", scale: kindScale(values, lb), legend: null },
            shape: { field: "type", type: "nominal", title: lb.type, legend: { orient: "bottom" } },
            tooltip: [
              { field: "title", type: "nominal", title: lb.title },
              { field: "date", type: "temporal", title: lb.date },
              { field: "type", type: "nominal", title: lb.type },
            ],
          },
        },
      ];
    },
  };

  function hbar(field, el, yTitle, lb, colorField, colorScale) {
    const spec = {
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field, type: "nominal", sort: "-x", title: axisTitle(el, "y", yTitle), axis: { labelLimit: 220 } },
        x: { aggregate: "sum", field: "n", type: "quantitative", title: axisTitle(el, "x", lb.count), axis: { tickMinStep: 1 } },
        tooltip: [
          { field: field === "key" ? "label" : field, type: "nominal", title: yTitle },
          { aggregate: "sum", field: "n", type: "quantitative", title: lb.count },
        ],
      },
    };
    if (colorField) {
      spec.encoding.color = { field: colorField, type: "nominal", title: lb.kind, scale: colorScale, legend: { orient: "bottom" } };
      spec.encoding.tooltip.unshift({ field: colorField, type: "nominal", title: lb.kind });
    } else {
      spec.mark.color = KIND_COLORS[0];
    }
    return spec;
  }

  const requests = new Map();
  function getJSON(src) {
    const url = new URL(src, document.baseURI).href;
    if (!requests.has(url)) {
      requests.set(
        url,
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then((resp) => {
          if (!resp.ok) throw new Error(url + ": HTTP " + resp.status);
          return resp.json();
        })
      );
      // forget it after this round, so a later (HTMX) render fetches fresh data
      requests.get(url).finally(() => setTimeout(() => requests.delete(url), 0));
    }
    return requests.get(url);
  }

  function note(el, text, cls) {
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    el.replaceChildren(p);
  }

  async function render(el) {
    if (el._citydipChart) return;
    el._citydipChart = true;
    el.dataset.ready = "0";
    const lb = readLabels(el, "charts", DEFAULT_LABELS);
    const name = el.dataset.chart;
    const make = Object.prototype.hasOwnProperty.call(CHARTS, name) ? CHARTS[name] : null;
    try {
      if (!make) throw new Error("unknown data-chart: " + name);
      if (typeof window.vegaEmbed !== "function") throw new Error("vega-embed is not loaded");
      const json = await getJSON(el.dataset.vegaSrc);
      const rows = Array.isArray(json) ? json : json && Array.isArray(json[name]) ? json[name] : [];
      el.dataset.rows = String(rows.length);
      if (!rows.length) {
        note(el, lb.empty, "muted chart-empty");
        el.dataset.ready = "1";
        return;
      }
      const [values, body] = make(rows, el, lb);
      // bars across: a fixed height; bars down and timeline rows: a fixed height per bar/row
      // (a number, not {step}: Vega-Lite warns about {step} heights with width "container")
      const yField = body.encoding.y.field;
      const bands = new Set(values.map((v) => v[yField])).size;
      const height =
        Number(el.dataset.height) || (name === "by_year" ? 260 : Math.max(name === "timeline" ? 90 : 44, bands * (name === "timeline" ? 44 : 24)));
      const spec = Object.assign(
        {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          width: "container",
          height,
          data: { values },
          config: {
            font: FONT,
            view: { stroke: null },
            axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, grid: true, gridColor: "#eceff2" },
            legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
            bar: { cornerRadiusEnd: 2 },
          },
        },
        body
      );
      const result = await window.vegaEmbed(el, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } });
      el._citydipView = result.view;
      if (name === "timeline") {
        result.view.addEventListener("click", (_ev, item) => {
          const href = item && item.datum && item.datum.url;
          if (href) window.location = href;
        });
      }
      el.dataset.ready = "1";
      el.dispatchEvent(new CustomEvent("citydip:chart-drawn", { bubbles: true, detail: { chart: name } }));
    } catch (err) {
      console.error("citydip chart " + name + ":", err);
      note(el, lb.error, "chart-error");
      el.dataset.ready = "error";
    }
  }

  function renderAll(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const found = Array.from(scope.querySelectorAll("[data-vega-src][data-chart]"));
    if (root && root.matches && root.matches("[data-vega-src][data-chart]")) found.unshift(root);
    found.forEach(render);
  }

  window.citydipCharts = { render, renderAll };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => renderAll(document));
  else renderAll(document);
  document.addEventListener("htmx:load", (ev) => renderAll(ev.target));
})();
