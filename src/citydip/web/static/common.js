/* citydip: what the page scripts share (loaded before them by base.html).
 *
 * citydip.readLabels(el, section, defaults): labels from <script type="application/json"
 *   id="labels"> (top level, then its `section`) and data-label-* attributes of `el`.
 * citydip.safeHref(url): the URL if it is http(s), else null (never javascript:).
 */
(function () {
  "use strict";

  function readLabels(el, section, defaults) {
    const out = Object.assign({}, defaults);
    const blobEl = document.getElementById("labels");
    if (blobEl) {
      try {
        const blob = JSON.parse(blobEl.textContent || "{}");
        for (const src of [blob, blob && blob[section]]) {
          if (!src || typeof src !== "object") continue;
          for (const [k, v] of Object.entries(src)) {
            if (typeof v === "string") out[k] = v;
            else if (k in defaults && v && typeof v === "object" && !Array.isArray(v)) {
              out[k] = Object.assign({}, out[k], v);
            }
          }
        }
      } catch (err) {
        console.warn("citydip: #labels is not valid JSON", err);
      }
    }
    for (const [k, v] of Object.entries(el.dataset)) {
      if (!k.startsWith("label") || k.length === 5) continue;
      const key = k.slice(5).replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
      out[key] = v;
    }
    return out;
  }

  function safeHref(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      const u = new URL(url, document.baseURI);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (err) {
      return null;
    }
  }

  window.citydip = { readLabels, safeHref };
})();
