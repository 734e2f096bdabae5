// Answer sheet safety net. htmx autosaves to the server on every change; this file keeps a
// copy on the device too, so answers typed while the connection is down survive a reload,
// and are sent again when the page comes back.
(function () {
  "use strict";
  const done = document.querySelector("[data-submitted-attempt]");
  if (done) {
    localStorage.removeItem("attempt-" + done.dataset.submittedAttempt);
    return;
  }
  const form = document.getElementById("attempt-form");
  if (!form) return;
  const key = "attempt-" + form.dataset.attempt;
  const status = () => document.getElementById("save-status");
  // The words come from the page (data-offline, data-save-failed, data-submitting), which
  // has them in the reader's language.
  function showProblem(text) {
    const s = status();
    if (!s || !text) return;
    const span = document.createElement("span");
    span.className = "save-err";
    span.textContent = text;
    s.replaceChildren(span);
  }

  function snapshot() {
    const answers = {};
    form.querySelectorAll("input[name^='item-'], textarea[name^='item-']").forEach((input) => {
      if (!(input.name in answers)) answers[input.name] = [];
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value !== "") {
        answers[input.name].push(input.value);
      }
    });
    return answers;
  }

  function restore() {
    let saved;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved) return false;
    const current = JSON.stringify(snapshot());
    if (JSON.stringify(saved) === current) return false;
    form.querySelectorAll("input[name^='item-'], textarea[name^='item-']").forEach((input) => {
      const values = saved[input.name] || [];
      if (input.type === "radio" || input.type === "checkbox") input.checked = values.includes(input.value);
      else input.value = values[0] || "";
    });
    return true;
  }

  // A bilingual question switches between its two versions, both already on the page: the
  // inputs are the same elements (their values are choice ids), so answers stay as they are.
  form.querySelectorAll("button[data-switch-language]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const question = document.getElementById(button.dataset.switchLanguage);
      if (!question) return;
      const translated = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(translated));
      question.querySelectorAll("[data-version]").forEach((version) => {
        version.hidden = (version.dataset.version === "translated") !== translated;
      });
    });
  });

  // Submitted meanwhile (in another tab): the server says so on the next autosave, and the
  // copy on this device is forgotten for good, as on the result page.
  let submitted = false;
  const keep = () => { if (!submitted) localStorage.setItem(key, JSON.stringify(snapshot())); };
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  document.body.addEventListener("htmx:afterSwap", () => {
    if (document.querySelector("#save-status[data-submitted-attempt]")) {
      submitted = true;
      localStorage.removeItem(key);
    }
  });

  // The server answers 422 with a readable message ("already submitted", tampered input):
  // show it instead of dropping it.
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  document.body.addEventListener("htmx:sendError", () => showProblem(form.dataset.offline));
  document.body.addEventListener("htmx:responseError", () => showProblem(form.dataset.saveFailed));
  const autosaver = form.querySelector("[hx-post]");
  window.addEventListener("online", () => { if (window.htmx && autosaver) htmx.trigger(autosaver, "change"); });

  form.addEventListener("submit", () => {
    const button = document.getElementById("submit-attempt");
    if (button) {
      button.disabled = true;
      if (form.dataset.submitting) button.textContent = form.dataset.submitting;
    }
  });

  if (restore()) {
    // Answers on this device are newer than the server's copy: send them now.
    document.addEventListener("htmx:load", function once() {
      document.removeEventListener("htmx:load", once);
      if (autosaver) htmx.trigger(autosaver, "change");
    });
    if (window.htmx && autosaver) htmx.trigger(autosaver, "change");
  }
})();
