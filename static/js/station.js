// Teacher station: a one-on-one check by keyboard alone. htmx loads the battery and records
// it; this file only moves focus and turns single keys into right/wrong marks. Without it
// the page still works: the radio buttons and the Record button post the same form.
//
//   student field  Enter → standard field (or load the battery when a standard is typed)
//   on a question  y 1 →  right · n 0 ←  wrong · Backspace undo · ↑ ↓ move · Enter record
(function () {
  "use strict";
  const RIGHT = new Set(["y", "Y", "1", "ArrowRight"]);
  const WRONG = new Set(["n", "N", "0", "ArrowLeft"]);
  let history = [];      // question fieldsets in the order they were marked, for undo
  let warned = false;    // Enter with unmarked questions warns once, then records

  const $ = (id) => document.getElementById(id);
  const checkForm = () => document.querySelector("form[data-station-check]");
  const questions = () => Array.from(document.querySelectorAll("form[data-station-check] .station-q"));
  const markOf = (q) => {
    const picked = q.querySelector("input[type=radio]:checked");
    return picked ? picked.value : "";
  };

  // --- the live summary: sentences worded by workflows.queries.check_summary ---------------
  // The page embeds every sentence for this battery as [marked][right]; this only looks up.
  function summaryFor(marked, right) {
    const table = $("station-summaries");
    if (!table) return null;
    const row = JSON.parse(table.textContent)[marked];
    return row ? row[right] : null;
  }

  function refresh() {
    const qs = questions();
    const marks = qs.map(markOf).filter((m) => m);
    qs.forEach((q) => {
      const m = markOf(q);
      q.classList.toggle("right", m === "right");
      q.classList.toggle("wrong", m === "wrong");
    });
    const summary = $("station-summary");
    const text = summaryFor(marks.length, marks.filter((m) => m === "right").length);
    if (summary && text) summary.textContent = text;
  }

  // What Enter says with questions unmarked, worded by workflows.queries.unmarked_warnings:
  // the page embeds one sentence per number of unmarked questions (the last: none marked).
  function warningFor(unmarked) {
    const table = $("station-warnings");
    if (!table) return "";
    const sentences = JSON.parse(table.textContent);
    return sentences[Math.min(unmarked, sentences.length - 1)] || "";
  }
  const noneMarked = () => warningFor(questions().length);

  function warn(text) {
    const box = $("station-warning");
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }

  // --- marking -----------------------------------------------------------------------------
  function focusQuestion(q) {
    if (!q) return;
    questions().forEach((other) => other.classList.toggle("current", other === q));
    q.focus();
    q.scrollIntoView({ block: "nearest" });
  }

  function mark(q, value) {
    const radio = q.querySelector("input[type=radio][value=" + value + "]");
    if (!radio) return;
    radio.checked = true;
    history = history.filter((h) => h !== q);
    history.push(q);
    warned = false;
    warn("");
    refresh();
    const qs = questions();
    const next = qs.slice(qs.indexOf(q) + 1).find((o) => !markOf(o)) || qs[qs.indexOf(q) + 1];
    focusQuestion(next || q);
  }

  function undo() {
    const q = history.pop();
    if (!q) return;
    q.querySelectorAll("input[type=radio]").forEach((r) => { r.checked = false; });
    warned = false;
    warn("");
    refresh();
    focusQuestion(q);
  }

  function record() {
    const qs = questions();
    const unmarked = qs.filter((q) => !markOf(q));
    if (unmarked.length === qs.length) {
      warn(noneMarked());
      focusQuestion(unmarked[0]);
      return;
    }
    if (unmarked.length && !warned) {
      warned = true;
      warn(warningFor(unmarked.length));
      focusQuestion(unmarked[0]);
      return;
    }
    checkForm().requestSubmit();
  }

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;

    // The student field: Enter goes on to the standard unless one is already typed.
    if (target.id === "station-who" && e.key === "Enter") {
      const what = $("station-what");
      if (!target.value.trim()) { e.preventDefault(); return; }
      if (what && !what.value.trim()) { e.preventDefault(); what.focus(); }
      return;
    }

    const q = target.closest && target.closest(".station-q");
    if (!q || (target.tagName === "INPUT" && target.type !== "radio")) return;
    const qs = questions();
    if (RIGHT.has(e.key)) { e.preventDefault(); mark(q, "right"); }
    else if (WRONG.has(e.key)) { e.preventDefault(); mark(q, "wrong"); }
    else if (e.key === "Backspace") { e.preventDefault(); undo(); }
    else if (e.key === "Enter") { e.preventDefault(); record(); }
    else if (e.key === "ArrowDown") { e.preventDefault(); focusQuestion(qs[qs.indexOf(q) + 1] || q); }
    else if (e.key === "ArrowUp") { e.preventDefault(); focusQuestion(qs[qs.indexOf(q) - 1] || q); }
  });

  // Mouse and touch: a clicked radio counts as a mark too.
  document.addEventListener("change", (e) => {
    const q = e.target.closest && e.target.closest(".station-q");
    if (!q) return;
    history = history.filter((h) => h !== q);
    history.push(q);
    warned = false;
    warn("");
    refresh();
  });

  document.addEventListener("submit", (e) => {
    if (e.target.matches("form[data-station-check]") && !questions().some(markOf)) {
      e.preventDefault();
      e.stopPropagation();  // htmx listens on the form itself: it never sees this submit
      warn(noneMarked());
    }
  }, true);

  // --- after htmx swaps a region in ----------------------------------------------------------
  function settle() {
    const battery = $("station-battery");
    if (!battery) return;
    history = questions().filter(markOf);
    warned = false;
    const evStudent = $("ev-student");
    const evStandard = $("ev-standard");
    if (battery.dataset.standard && evStandard && !evStandard.value) evStandard.value = battery.dataset.standard;
    if (battery.querySelector("[data-recorded]")) {
      const who = $("station-who");
      if (who) { who.value = ""; who.focus(); }
      return;
    }
    if (battery.dataset.student && evStudent && !evStudent.value) evStudent.value = battery.dataset.student;
    const qs = questions();
    if (qs.length) {
      refresh();
      focusQuestion(qs.find((q) => !markOf(q)) || qs[0]);
    }
  }

  document.body.addEventListener("htmx:afterSettle", (e) => {
    // Only two regions swap: the battery and the other-evidence form.
    const t = e.target;
    if (t.id === "evidence-form" || (t.closest && t.closest("#evidence-form"))) return;
    settle();
  });
  // A form with a readable problem comes back as 422: show it instead of dropping it.
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  // Attachments over the server's limit come back as 413 (a whole page): keep the form as
  // it is, marks and all, and say why above it, in the page's language (data-too-large).
  document.body.addEventListener("htmx:responseError", (e) => {
    const form = e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("form[data-too-large]");
    if (e.detail.xhr.status !== 413 || !form) return;
    let box = form.querySelector(".too-large");
    if (!box) {
      box = document.createElement("p");
      box.className = "error-box too-large";
      box.setAttribute("role", "alert");
      form.prepend(box);
    }
    box.textContent = form.dataset.tooLarge;
  });

  if ($("station-battery") && questions().length) settle();
})();
