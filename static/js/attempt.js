// The answer sheet's autosave, and its safety net: a copy of the answers on the device, so
// answers typed while the connection is down survive a reload and are sent again when the
// page comes back.
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

  // Autosave (decision 0012): one request per answered question, carrying that question
  // only. A choice saves when picked; typed words save after an 800 ms pause or on leaving
  // the box, and never twice for the same words. A save that fails is sent again with the
  // next one (or when the connection comes back): until the server acknowledges an answer,
  // it stays "dirty" here and in localStorage.
  const url = form.dataset.autosave;
  const csrf = (form.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  const dirty = new Set(); // item ids changed since their last acknowledged save
  const acked = {}; // item id -> the answer the server has (or is being sent), as JSON
  let inFlight = false;
  let again = false;
  let timer = null;
  let submitted = false;
  const itemOf = (el) => { const m = /^item-(\d+)$/.exec(el.name || ""); return m ? m[1] : null; };
  const isChoice = (el) => el.type === "radio" || el.type === "checkbox";
  const valuesOf = (id) => Array.from(form.querySelectorAll(`[name="item-${id}"]`))
    .filter((el) => (isChoice(el) ? el.checked : el.value !== ""))
    .map((el) => el.value);

  function swapStatus(html) {
    const t = document.createElement("template");
    t.innerHTML = html.trim();
    const fresh = t.content.querySelector("#save-status");
    const s = status();
    if (fresh && s) s.replaceWith(fresh);
    // Submitted meanwhile (in another tab): the copy on this device is forgotten for good.
    if (document.querySelector("#save-status[data-submitted-attempt]")) {
      submitted = true;
      localStorage.removeItem(key);
    }
  }

  // The dirty questions whose answer differs from what the server has, as a request body.
  function unsent() {
    const body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrf);
    const sending = {};
    for (const id of dirty) {
      const values = valuesOf(id);
      const json = JSON.stringify(values);
      if (acked[id] === json) continue;
      sending[id] = json;
      body.append(`shown-${id}`, "1"); // an answer cleared to nothing still arrives
      values.forEach((v) => body.append(`item-${id}`, v));
    }
    return { body, sending, ids: Object.keys(sending) };
  }

  async function save() {
    clearTimeout(timer);
    if (!url || submitted) return;
    if (inFlight) { again = true; return; }
    const { body, sending, ids } = unsent();
    dirty.clear();
    if (!ids.length) return;
    const previous = {};
    ids.forEach((id) => { previous[id] = acked[id]; acked[id] = sending[id]; });
    const retry = (text) => {
      ids.forEach((id) => { acked[id] = previous[id]; dirty.add(id); });
      showProblem(text);
    };
    inFlight = true;
    try {
      const r = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        keepalive: true, // a save under way still arrives if the page closes meanwhile
        headers: { "X-CSRFToken": csrf, "HX-Request": "true" },
      });
      // 422 is a readable refusal ("already submitted", a tampered answer): show it, do
      // not send it again.
      if (r.ok || r.status === 422) swapStatus(await r.text());
      else retry(form.dataset.saveFailed);
    } catch (e) {
      retry(form.dataset.offline);
      return;
    } finally {
      inFlight = false;
    }
    if (again) { again = false; save(); }
  }

  function changed(e) {
    const id = itemOf(e.target);
    if (!id || submitted) return;
    dirty.add(id);
    localStorage.setItem(key, JSON.stringify(snapshot()));
    clearTimeout(timer);
    if (e.type === "change") save();
    else if (!isChoice(e.target)) timer = setTimeout(save, 800);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", save);

  // Leaving the page (a link, closing the tab) within the 800 ms after typing: what the
  // server does not have yet goes as a beacon, which the browser delivers after the page
  // is gone. Not on Submit, which posts the whole sheet anyway.
  let submitting = false;
  window.addEventListener("pagehide", () => {
    if (!url || submitted || submitting) return;
    const { body, ids } = unsent();
    if (ids.length) navigator.sendBeacon(url, body);
  });

  form.addEventListener("submit", () => {
    submitting = true;
    const button = document.getElementById("submit-attempt");
    if (button) {
      button.disabled = true;
      if (form.dataset.submitting) button.textContent = form.dataset.submitting;
    }
  });

  // What the server rendered is what it has; answers on this device newer than that are
  // sent now.
  form.querySelectorAll("input[name^='item-'], textarea[name^='item-']").forEach((input) => {
    const id = itemOf(input);
    if (id && !(id in acked)) acked[id] = JSON.stringify(valuesOf(id));
  });
  if (restore()) {
    Object.keys(acked).forEach((id) => dirty.add(id));
    save();
  }
})();
