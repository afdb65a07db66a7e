// Live reload and error overlay for `cabildo serve`. Served only by the
// development server, never part of a built site.
(() => {
  "use strict";
  const meta = document.querySelector('meta[name="cabildo-build"]');
  const build = meta ? meta.content : "";
  let returnFocus = null;

  function overlay() {
    return document.getElementById("cabildo-overlay");
  }

  function hide() {
    const o = overlay();
    if (!o) return;
    o.remove();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  function show(html) {
    const had = overlay();
    if (had) had.remove();
    const t = document.createElement("template");
    t.innerHTML = html;
    const o = t.content.firstElementChild;
    if (!o) return;
    document.body.appendChild(o);
    if (!had) returnFocus = document.activeElement;
    o.focus();
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && overlay()) {
      e.preventDefault();
      hide();
    }
  });
  document.addEventListener("click", (e) => {
    if (e.target instanceof Element && e.target.closest("[data-cabildo-close]")) hide();
  });
  document.addEventListener("DOMContentLoaded", () => {
    const o = overlay();
    if (o) {
      returnFocus = document.activeElement;
      o.focus();
    }
  });

  if (!window.EventSource) return;
  const events = new EventSource("/_cabildo/events");
  // On every (re)connection the server says which build it serves: a page
  // from an older build, or from before a restart, is stale.
  events.addEventListener("hello", (e) => {
    if (e.data !== build) location.reload();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("errors", (e) => show(e.data));
  events.addEventListener("clear", hide);
})();
