// Tables that scroll sideways (on a phone, mostly) must be reachable by keyboard (WCAG 2.1.1):
// a .table-scroll box that overflows becomes a focusable, named region; one that fits stays
// out of the tab order. The name is the box's data-label, else the nearest heading before it.
(function () {
  "use strict";
  function nameFor(box) {
    if (box.dataset.label) return box.dataset.label;
    const caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (let el = box; el && el !== document.body; el = el.parentElement) {
      for (let prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        const heading = /^H[1-6]$/.test(prev.tagName) ? prev : prev.querySelector("h1,h2,h3,h4,h5,h6,legend");
        if (heading) return heading.textContent.trim();
      }
      if (el.parentElement && el.parentElement.tagName === "FIELDSET") {
        const legend = el.parentElement.querySelector("legend");
        if (legend) return legend.textContent.trim();
      }
    }
    return document.title;
  }
  function update() {
    for (const box of document.querySelectorAll(".table-scroll")) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameFor(box));
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
  // afterSwap runs in the same task as the swap, so a swapped-in table is never seen unmarked.
  document.addEventListener("htmx:afterSwap", update);
  document.addEventListener("htmx:afterSettle", update);
})();
