// The teacher's "Unlock" buttons (the inbox and the grid's panel): a refused unlock comes
// back as 422 with the reason in place of the row; show it instead of dropping it.
(() => {
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    if (e.detail.xhr.status === 422 && e.detail.elt.closest(".waiting-row")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();
