// The look back at a try (result page). htmx autosaves it on every change and after a pause
// in typing; this file only makes problems visible: a refused save (422, e.g. read by the
// teacher meanwhile) shows its reason, a lost connection or a server error says so, and
// the text stays on the page (only the status is swapped). When the connection returns it
// saves again.
(function () {
  "use strict";
  const form = () => document.getElementById("analysis-form");
  const inside = (el) => { const f = form(); return !!(f && el && f.contains(el)); };

  function showProblem(text) {
    const status = document.getElementById("analysis-status");
    if (!status || !text) return;
    const span = document.createElement("span");
    span.className = "save-err";
    span.textContent = text;
    status.replaceChildren(span);
  }

  document.body.addEventListener("htmx:beforeSwap", (e) => {
    if (inside(e.detail.elt) && e.detail.xhr.status === 422) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:sendError", (e) => {
    if (inside(e.detail.elt)) showProblem(form().dataset.offline);
  });
  document.body.addEventListener("htmx:responseError", (e) => {
    if (inside(e.detail.elt)) showProblem(form().dataset.saveFailed);
  });
  window.addEventListener("online", () => {
    const f = form();
    const autosaver = f && f.querySelector("[hx-post]");
    if (window.htmx && autosaver) htmx.trigger(autosaver, "change");
  });
  // Finishing: one click is enough; the button waits for the answer.
  document.body.addEventListener("htmx:beforeRequest", (e) => {
    if (e.detail.elt && e.detail.elt.id === "analysis-finish") e.detail.elt.disabled = true;
  });
  document.body.addEventListener("htmx:afterRequest", (e) => {
    if (e.detail.elt && e.detail.elt.id === "analysis-finish") e.detail.elt.disabled = false;
  });
})();
