// A form's questions in a new order (assessments/form_edit.html).
//
// Without this script the "Move up" / "Move down" buttons post and the page reloads. With it,
// htmx swaps the list in place (the buttons' hx-post) and this script keeps the keyboard on
// the question that moved and says where it went (#order-status, a live region).
//
// It also lets a pointer (mouse, finger or pen) drag a question by its handle. On release the
// new order of item ids is posted through htmx, which sends the CSRF token from <body>'s
// hx-headers. The server answers 400 for any list that is not exactly the form's questions
// (nothing changes); the list then goes back to where it was, and the status says so.
// Escape during a drag puts the list back too.
(() => {
  const region = document.getElementById("form-items");
  if (!region || !window.htmx) return;
  const status = document.getElementById("order-status");
  const list = () => document.getElementById("form-item-list");
  const rows = () => [...list().querySelectorAll(":scope > [data-item-id]")];
  const ids = () => rows().map((row) => row.dataset.itemId);

  let keyboardMove = null; // "up" or "down": the button that asked, to focus again after
  let dragged = null; // {row, pointerId, before: the rows in their order before}
  let undo = null; // the rows in their order before a drag, until the server agrees

  function say(text) {
    if (status && text) status.textContent = text;
  }

  function ready() {
    const current = list();
    if (!current || current.dataset.ready) return;
    current.dataset.ready = "1";
    current.querySelectorAll("[data-drag-handle]").forEach((handle) => {
      handle.hidden = false;
    });
    say(current.dataset.status);
    const moved = current.dataset.moved;
    if (moved && keyboardMove) {
      const other = keyboardMove === "up" ? "down" : "up";
      const button =
        document.getElementById(`move-${keyboardMove}-${moved}`) ||
        document.getElementById(`move-${other}-${moved}`);
      if (button) button.focus();
    }
    keyboardMove = null;
    undo = null;
  }

  // --- the buttons ---------------------------------------------------------------------
  region.addEventListener("htmx:beforeRequest", (e) => {
    // A move button's form (a drag's request comes from the region itself).
    const form = e.target.closest ? e.target.closest("form") : null;
    const button = form && form.querySelector("[data-move]");
    if (button) keyboardMove = button.dataset.move;
  });
  document.body.addEventListener("htmx:afterSettle", ready);
  document.body.addEventListener("htmx:responseError", (e) => {
    if (!region.contains(e.target) && e.target !== region) return;
    if (undo) {
      const current = list();
      undo.forEach((row) => current.appendChild(row));
      undo = null;
    }
    list().classList.remove("is-busy");
    keyboardMove = null;
    say(region.dataset.error);
  });

  // --- dragging by the handle ----------------------------------------------------------
  region.addEventListener("pointerdown", (e) => {
    const handle = e.target.closest("[data-drag-handle]");
    if (!handle || e.button !== 0 || dragged) return;
    const row = handle.closest("[data-item-id]");
    dragged = { row, pointerId: e.pointerId, before: rows() };
    row.classList.add("is-dragging");
    handle.setPointerCapture(e.pointerId);
    e.preventDefault();
  });

  region.addEventListener("pointermove", (e) => {
    if (!dragged || e.pointerId !== dragged.pointerId) return;
    const under = document.elementFromPoint(e.clientX, e.clientY);
    const over = under && under.closest("#form-item-list > [data-item-id]");
    if (!over || over === dragged.row) return;
    const order = rows();
    if (order.indexOf(over) > order.indexOf(dragged.row)) over.after(dragged.row);
    else over.before(dragged.row);
  });

  function drop(e, cancelled) {
    if (!dragged || e.pointerId !== dragged.pointerId) return;
    const { row, before } = dragged;
    dragged = null;
    row.classList.remove("is-dragging");
    const current = list();
    if (cancelled) {
      before.forEach((r) => current.appendChild(r));
      return;
    }
    if (rows().every((r, n) => r === before[n])) return;
    undo = before;
    current.classList.add("is-busy");
    window.htmx.ajax("POST", region.dataset.reorderUrl, {
      source: region,
      target: "#form-item-list",
      swap: "outerHTML",
      values: { order: ids(), moved: row.dataset.itemId },
    });
  }
  region.addEventListener("pointerup", (e) => drop(e, false));
  region.addEventListener("pointercancel", (e) => drop(e, true));
  // Escape while dragging puts everything back.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && dragged) drop({ pointerId: dragged.pointerId }, true);
  });

  ready();
})();
