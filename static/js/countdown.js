// A benchmark's time limit, on its answer sheet: the minutes left, a spoken warning at five
// minutes and at one, and when time is up the sheet is handed in (the server would score
// what was saved anyway; handing in shows the student their result at once).
(function () {
  "use strict";
  const timer = document.querySelector("[data-deadline]");
  if (!timer) return;
  const end = Date.parse(timer.dataset.deadline);
  if (Number.isNaN(end)) return;
  const shown = timer.querySelector("[data-left]");
  const alert = document.getElementById("time-alert");
  const form = document.getElementById("attempt-form");
  const words = (minutes) => (minutes === 1 ? timer.dataset.one : timer.dataset.many.replace("%s", minutes));
  const warned = new Set();
  function tick() {
    const left = end - Date.now();
    const minutes = Math.max(0, Math.ceil(left / 60000));
    if (shown) shown.textContent = words(minutes);
    [5, 1].forEach((mark) => {
      if (minutes <= mark && minutes > 0 && !warned.has(mark) && alert) {
        warned.add(mark);
        alert.textContent = words(minutes);
      }
    });
    if (left <= 0) {
      clearInterval(every);
      if (alert) alert.textContent = timer.dataset.up;
      if (form && !form.dataset.handingIn) {
        form.dataset.handingIn = "1";
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    }
  }
  const every = setInterval(tick, 1000);
  tick();
})();
