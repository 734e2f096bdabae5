// Paper answers typed in by keyboard alone, one row per student. htmx posts a row and swaps
// it back (scored, or with why not); this file only moves focus. Without it the page still
// works: each row's Save button posts its own form.
//
//   a letter in a one-letter box → the next box of the row (the Save button after the last)
//   Backspace in an empty box → the box before · ↑ ↓ → same question, other student
//   Enter → save the row
(function () {
  "use strict";
  const LETTER = /^[A-Za-z]$/;

  const rowOf = (el) => el.closest && el.closest("tr.paper-row");
  const boxesOf = (row) => Array.from(row.querySelectorAll("input.paper-in"));
  const rowsWithBoxes = () => Array.from(document.querySelectorAll("tr.paper-row")).filter((r) => r.querySelector("input.paper-in"));
  const saveOf = (row) => row.querySelector(".paper-form button[type=submit]");

  function focusBox(el) {
    if (!el) return;
    el.focus();
    if (el.select) el.select();
  }

  function next(box) {
    const boxes = boxesOf(rowOf(box));
    const i = boxes.indexOf(box);
    focusBox(boxes[i + 1] || saveOf(rowOf(box)));
  }

  function previous(box) {
    const boxes = boxesOf(rowOf(box));
    const i = boxes.indexOf(box);
    if (i > 0) focusBox(boxes[i - 1]);
  }

  function otherRow(box, step) {
    const row = rowOf(box);
    const column = boxesOf(row).indexOf(box);
    const rows = rowsWithBoxes();
    const target = rows[rows.indexOf(row) + step];
    if (target) focusBox(boxesOf(target)[column]);
  }

  function save(row) {
    const form = row.querySelector("form.paper-form");
    if (form) form.requestSubmit();  // runs the boxes' checks (pattern) first, as a click does
  }

  // Typing: letters in upper case; a one-letter box moves on once it holds its letter.
  document.addEventListener("input", (e) => {
    const box = e.target;
    if (!box.matches || !box.matches("input.paper-in")) return;
    if (box.dataset.kind === "single" || box.dataset.kind === "multiple") {
      const upper = box.value.toUpperCase();
      if (upper !== box.value) box.value = upper;
    }
    // A letter the question does not have stays, marked, until it is corrected.
    if (box.dataset.kind === "single" && LETTER.test(box.value) && box.checkValidity()) next(box);
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const box = e.target;
    if (!box.matches || !box.matches("input.paper-in")) return;
    if (e.key === "Enter") { e.preventDefault(); save(rowOf(box)); }
    else if (e.key === "Backspace" && box.value === "") { e.preventDefault(); previous(box); }
    else if (e.key === "ArrowDown") { e.preventDefault(); otherRow(box, 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); otherRow(box, -1); }
  });

  // A box that gets focus has its letter selected, so typing replaces it.
  document.addEventListener("focusin", (e) => {
    if (e.target.matches && e.target.matches("input.paper-in") && e.target.select) e.target.select();
  });

  // --- after htmx swaps a row back in -----------------------------------------------------
  // Refused answers come back as 422 with the row and its reason: show it, do not drop it.
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  // Only a swapped-in row counts: other regions (the navigation's inbox count) settle too.
  document.body.addEventListener("htmx:afterSettle", (e) => {
    const row = e.target.matches && e.target.matches("tr.paper-row") ? e.target : null;
    if (!row || !row.isConnected) return;
    const boxes = boxesOf(row);
    if (boxes.length) {
      // Refused: back to the row, on the box to correct.
      focusBox(boxes.find((b) => !b.checkValidity()) || boxes[0]);
      return;
    }
    // Scored: on to the next student who has not handed in.
    const rows = Array.from(document.querySelectorAll("tr.paper-row"));
    const after = rows.slice(rows.indexOf(row) + 1).find((r) => r.querySelector("input.paper-in"));
    const target = after || rowsWithBoxes()[0];
    if (target) focusBox(boxesOf(target)[0]);
  });

  // On load: the refused row (a plain post shown again), else the first row still to type
  // after the one just saved (#paper-row-<id>, back from a plain post), else the first.
  const all = Array.from(document.querySelectorAll("tr.paper-row"));
  const saved = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  const first =
    document.querySelector("tr.paper-row.is-refused") ||
    all.slice(all.indexOf(saved) + 1).find((r) => r.querySelector("input.paper-in")) ||
    rowsWithBoxes()[0];
  if (first) focusBox(boxesOf(first)[0]);
})();
