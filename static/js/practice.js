// Practice page: a checked question comes back in place (htmx); move the focus to it, so a
// screen reader reads right or wrong and the feedback at once. A question that could not be
// checked (no answer given) comes back as 422 with the reason: show it instead of dropping it.
(() => {
  let swapped = "";
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
    swapped = (e.detail.target && e.detail.target.id) || "";
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    const question = swapped && document.getElementById(swapped);
    swapped = "";
    if (question && question.classList.contains("practice-question")) question.focus();
  });
})();
