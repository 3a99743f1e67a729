/* citydip: keyboard shortcuts for the review queue. Self-contained, no modules.
 *
 * Items: any elements with class "review-item" (re-queried on every key, so HTMX may swap
 * them freely). Inside an item: [data-action="accept"] and [data-action="reject"]
 * (buttons, clicked), [data-action="edit"] (a link, clicked), input[name="ids"] (checkbox).
 * Help: an element #shortcuts (hidden attribute toggled by "?", closed by Escape).
 *
 *   j / k   next / previous item (class "selected", aria-current="true", scrolled into view)
 *   a r e   accept / reject / edit the selected item
 *   x       tick or untick its checkbox
 *   ?       show or hide #shortcuts;  Escape: hide it
 * Keys are ignored while typing in an input, textarea, select or contenteditable element,
 * and when Ctrl, Alt or Meta is held. Clicking inside an item selects it too. When the
 * selected item is swapped out (accepted, rejected), the item with the same id, or else
 * the item now at its place, is selected.
 */
(function () {
  "use strict";

  const ITEM = ".review-item";
  let lastIndex = -1;
  let lastId = null;

  const items = () => Array.from(document.querySelectorAll(ITEM));
  const current = () => document.querySelector(ITEM + ".selected");

  function select(item, scroll) {
    for (const el of document.querySelectorAll(ITEM + ".selected")) {
      if (el === item) continue;
      el.classList.remove("selected");
      el.removeAttribute("aria-current");
    }
    if (!item) return;
    item.classList.add("selected");
    item.setAttribute("aria-current", "true");
    const all = items();
    lastIndex = all.indexOf(item);
    lastId = item.id || null;
    if (scroll !== false) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function move(delta) {
    const all = items();
    if (!all.length) return;
    const cur = current();
    let i = cur ? all.indexOf(cur) : -1;
    if (i < 0) {
      // nothing selected (or it was swapped out): start where the last one was
      i = lastIndex >= 0 ? Math.min(lastIndex, all.length - 1) - (delta > 0 ? 1 : 0) : delta > 0 ? -1 : all.length;
    }
    const next = Math.max(0, Math.min(all.length - 1, i + delta));
    select(all[next]);
  }

  function typing(target) {
    if (!target || !(target instanceof Element)) return false;
    if (target.isContentEditable) return true;
    const tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag === "INPUT") {
      const type = (target.getAttribute("type") || "text").toLowerCase();
      return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
    }
    return false;
  }

  function press(action) {
    const item = current();
    if (!item) return false;
    const el = item.querySelector('[data-action="' + action + '"]');
    if (!el || el.disabled || el.getAttribute("aria-disabled") === "true") return false;
    el.click();
    return true;
  }

  function toggleHelp(force) {
    const help = document.getElementById("shortcuts");
    if (!help) return false;
    help.hidden = force === undefined ? !help.hidden : !force;
    return true;
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.altKey || ev.metaKey || ev.isComposing) return;
    if (typing(ev.target)) return;
    let handled = false;
    switch (ev.key) {
      case "j":
        if (items().length) { move(1); handled = true; }
        break;
      case "k":
        if (items().length) { move(-1); handled = true; }
        break;
      case "a":
        handled = press("accept");
        break;
      case "r":
        handled = press("reject");
        break;
      case "e":
        handled = press("edit");
        break;
      case "x": {
        const item = current();
        const box = item && item.querySelector('input[name="ids"]');
        if (box && !box.disabled) {
          box.click(); // fires input/change like a real click
          handled = true;
        }
        break;
      }
      case "?":
        handled = toggleHelp();
        break;
      case "Escape": {
        const help = document.getElementById("shortcuts");
        if (help && !help.hidden) handled = toggleHelp(false);
        break;
      }
      default:
        break;
    }
    if (handled) ev.preventDefault();
  });

  // a click anywhere in an item selects it (but leaves the click to its buttons and links)
  document.addEventListener("click", (ev) => {
    const item = ev.target instanceof Element ? ev.target.closest(ITEM) : null;
    if (item && !item.classList.contains("selected")) select(item, false);
  });

  // After an HTMX swap: keep the selection on the same item (same id), or move it to the
  // item now at its place. htmx:afterSettle covers items replaced by new HTML (htmx settles
  // the class attribute, which drops "selected"); the observer covers items swapped for
  // nothing, whose events fire on a detached element and never reach the document.
  function reselect() {
    if (current() || lastIndex < 0) return;
    const again = lastId ? document.getElementById(lastId) : null;
    if (again && again.matches(ITEM)) {
      select(again, false);
      return;
    }
    const all = items();
    if (all.length) select(all[Math.min(lastIndex, all.length - 1)]);
  }
  document.addEventListener("htmx:afterSettle", reselect);
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (lastIndex < 0 || pending) return;
    pending = setTimeout(() => {
      pending = 0;
      reselect();
    }, 0);
  });
  const observe = () => observer.observe(document.body, { childList: true, subtree: true });
  if (document.body) observe();
  else document.addEventListener("DOMContentLoaded", observe);

  window.citydipReview = { select, move };
})();
