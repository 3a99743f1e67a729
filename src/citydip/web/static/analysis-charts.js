/* citydip: the charts of the analysis pages (health, trends, network analysis, reports) (Vega-Lite specs made by the server).
 *
 * <script type="application/json" id="analysis-charts">[{"id": "chart-x", "spec": {…}}]</script>
 * Each spec (without $schema, width or config) is drawn into the element of its id; the
 * element gets data-ready="1" and data-rows="N" when drawn, "error" if it could not be.
 * An element's data-empty / data-error hold the texts shown instead. No modules, offline.
 */
(function () {
  "use strict";

  const FONT = 'system-ui, "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';

  function note(el, text, cls) {
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    el.replaceChildren(p);
  }

  async function draw(el, body) {
    const rows = (body.data && body.data.values) || [];
    el.dataset.rows = String(rows.length);
    if (!rows.length) {
      note(el, el.dataset.empty || "No data yet.", "muted chart-empty");
      el.dataset.ready = "1";
      return;
    }
    const spec = Object.assign(
      {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        width: "container",
        config: {
          font: FONT,
          view: { stroke: null },
          axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, grid: true, gridColor: "#eceff2" },
          legend: { labelFontSize: 11, titleFontSize: 12 },
        },
      },
      body
    );
    try {
      if (typeof window.vegaEmbed !== "function") throw new Error("vega-embed is not loaded");
      await window.vegaEmbed(el, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } });
      el.dataset.ready = "1";
    } catch (err) {
      console.error("citydip chart " + el.id + ":", err);
      note(el, el.dataset.error || "The chart could not be drawn.", "chart-error");
      el.dataset.ready = "error";
    }
  }

  function drawAll() {
    const script = document.getElementById("analysis-charts");
    if (!script) return;
    let charts = [];
    try {
      charts = JSON.parse(script.textContent || "[]");
    } catch (err) {
      console.error("citydip charts: bad JSON", err);
      return;
    }
    for (const chart of charts) {
      const el = document.getElementById(chart.id);
      if (el) draw(el, chart.spec);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
