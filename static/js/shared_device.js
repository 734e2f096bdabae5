// Classroom devices are shared. attempt.js keeps a copy of a student's answers on the device
// ("attempt-<id>" in localStorage) in case the connection drops; the next person on this
// browser must not be able to read it. The copy is forgotten when someone logs out, and on
// the login page, where a session that ended while idle lands (the server has every answer
// that was autosaved; an autosave that finds the session ended sends the tab to log in at
// once, so only that one change waits to be typed again). The logout response also asks
// the browser to clear storage.
(function () {
  "use strict";
  function forgetAnswers() {
    try {
      Object.keys(localStorage)
        .filter((key) => key.startsWith("attempt-"))
        .forEach((key) => localStorage.removeItem(key));
    } catch (e) { /* storage disabled: nothing was kept */ }
  }
  if (document.querySelector("[data-forget-answers]")) forgetAnswers();
  document.querySelectorAll("form.logout").forEach((form) => {
    form.addEventListener("submit", forgetAnswers);
  });
})();
