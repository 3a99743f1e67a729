/* citydip: upload form courtesy checks. Self-contained, no modules. The server checks too.
 *
 * <form id="upload" data-max-bytes="52428800" data-accept=".pdf,.docx,.html,.txt">
 *   <div class="field"><input type="file" name="files" multiple>
 *     <ul class="file-list"></ul> <span class="field-error"></span></div>
 * </form>
 * data-max-bytes / data-accept may sit on the form or on the file input (the input wins);
 * data-accept lists extensions, comma or space separated, with or without the dot; without
 * it, the extensions in the input's accept attribute are used. The .file-list and
 * .field-error elements are made after the input when the page has none.
 * Messages: data-label-too-big, data-label-bad-type, data-label-total on the form, or the
 * "upload" section of <script type="application/json" id="labels">; {name}, {size},
 * {max}, {accept}, {count} are filled in. Everything is set as text, never as HTML.
 * Nothing is blocked: the input gets aria-invalid="true" and the form data-invalid="1".
 */
(function () {
  "use strict";

  const DEFAULT_LABELS = {
    too_big: "{name} is {size}: larger than {max}.",
    bad_type: "{name}: only {accept} files can be uploaded.",
    total: "{count} files, {size}",
  };

  const { readLabels } = window.citydip;

  const fill = (tpl, vars) => String(tpl).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

  function formatBytes(n) {
    const lang = document.documentElement.lang || undefined;
    const units = ["B", "KB", "MB", "GB"];
    let i = 0;
    let x = n;
    while (x >= 1024 && i < units.length - 1) {
      x /= 1024;
      i++;
    }
    const digits = i === 0 || x >= 100 ? 0 : 1;
    return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(x) + " " + units[i];
  }

  function extensions(list) {
    return String(list || "")
      .split(/[\s,]+/)
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s && !s.includes("/"))
      .map((s) => (s.startsWith(".") ? s : "." + s));
  }

  function sibling(input, cls, tag) {
    const scope = input.closest(".field") || input.parentElement;
    let el = scope.querySelector("." + cls);
    if (!el) {
      el = document.createElement(tag);
      el.className = cls;
      (scope.querySelector(".file-list") || input).insertAdjacentElement("afterend", el);
    }
    return el;
  }

  function check(form, input, labels) {
    const ds = (k) => (k in input.dataset ? input.dataset[k] : form.dataset[k]);
    const max = Number(ds("maxBytes")) || 0;
    const acceptRaw = ds("accept");
    const accept = extensions(acceptRaw != null ? acceptRaw : input.getAttribute("accept"));
    const list = sibling(input, "file-list", "ul");
    const errorBox = sibling(input, "field-error", "span");
    list.replaceChildren();
    const problems = [];
    let total = 0;
    const files = Array.from(input.files || []);
    for (const f of files) {
      total += f.size;
      const name = f.name;
      const dot = name.lastIndexOf(".");
      const ext = dot > 0 ? name.slice(dot).toLowerCase() : "";
      const li = document.createElement("li");
      const nameEl = document.createElement("span");
      nameEl.className = "name";
      nameEl.textContent = name;
      const sizeEl = document.createElement("span");
      sizeEl.className = "size";
      sizeEl.textContent = formatBytes(f.size);
      li.append(nameEl, sizeEl);
      const vars = { name, size: formatBytes(f.size), max: formatBytes(max), accept: accept.join(", ") };
      if (max && f.size > max) problems.push(fill(labels.too_big, vars));
      if (accept.length && !accept.includes(ext)) problems.push(fill(labels.bad_type, vars));
      if ((max && f.size > max) || (accept.length && !accept.includes(ext))) li.classList.add("invalid");
      list.appendChild(li);
    }
    if (files.length > 1) {
      const li = document.createElement("li");
      li.className = "total muted";
      li.textContent = fill(labels.total, { count: files.length, size: formatBytes(total) });
      list.appendChild(li);
    }
    list.hidden = !files.length;
    errorBox.replaceChildren();
    problems.forEach((msg, i) => {
      if (i) errorBox.appendChild(document.createElement("br"));
      errorBox.appendChild(document.createTextNode(msg));
    });
    if (!errorBox.id) errorBox.id = (input.id || input.name || "upload") + "-error";
    if (problems.length) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", errorBox.id);
    } else {
      input.removeAttribute("aria-invalid");
    }
    const field = input.closest(".field");
    if (field) field.classList.toggle("has-error", problems.length > 0);
    return problems.length === 0;
  }

  function init(form) {
    if (!form || form._citydipUpload) return;
    form._citydipUpload = true;
    const labels = readLabels(form, "upload", DEFAULT_LABELS);
    const update = () => {
      let ok = true;
      for (const input of form.querySelectorAll('input[type="file"]')) ok = check(form, input, labels) && ok;
      if (ok) delete form.dataset.invalid;
      else form.dataset.invalid = "1";
    };
    form.addEventListener("change", (ev) => {
      if (ev.target instanceof HTMLInputElement && ev.target.type === "file") update();
    });
    form.addEventListener("reset", () => setTimeout(update, 0));
  }

  function initAll(root) {
    const scope = root && root.querySelector ? root : document;
    const form = scope.querySelector("form#upload") || (root && root.matches && root.matches("form#upload") ? root : null);
    if (form) init(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => initAll(document));
  else initAll(document);
  document.addEventListener("htmx:load", (ev) => initAll(ev.target));
})();
