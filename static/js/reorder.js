// Reorder by drag on the map page: units within the map, standards within a unit.
//
// A list is an element with `data-reorder-list` and `data-reorder-url`; its items are its
// children with `data-reorder-item="<id>"`, each dragged by its `.drag-handle` (hidden until
// this script shows it: without a script there is nothing to drag). While dragging, the item
// moves among its own siblings only; on drop the new order is posted (`order=<id>` once per
// item) with the page's CSRF token, and the page reloads to show what was saved. Escape, or
// a drop outside the list, puts everything back. The Move up and Move down buttons do the
// same one step at a time, with a keyboard and without this script.
(function () {
  "use strict";

  let dragged = null; // the item being dragged
  let before = null; // the order of its list when the drag began
  let dropped = false;

  function ids(list) {
    return Array.from(list.children)
      .filter((el) => el.hasAttribute("data-reorder-item"))
      .map((el) => el.getAttribute("data-reorder-item"));
  }

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
  }

  function say(text) {
    const status = document.getElementById("reorder-status");
    if (status) status.textContent = text;
  }

  // The sibling of the dragged item under `el` (the item itself, or one of its ancestors).
  function siblingAt(el) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (node.parentElement === dragged.parentElement && node.hasAttribute("data-reorder-item")) {
        return node;
      }
    }
    return null;
  }

  function restore(list, order) {
    const byId = {};
    for (const el of Array.from(list.children)) {
      if (el.hasAttribute("data-reorder-item")) byId[el.getAttribute("data-reorder-item")] = el;
    }
    for (const id of order) list.appendChild(byId[id]);
  }

  // Post the list's new order; on a refusal put the old order back and say why.
  function save(list, order) {
    const body = new URLSearchParams();
    for (const id of ids(list)) body.append("order", id);
    const status = document.getElementById("reorder-status");
    const failed = status ? status.getAttribute("data-failed") : "";
    const undo = (text) => {
      restore(list, order);
      say(text || failed);
    };
    fetch(list.getAttribute("data-reorder-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: body,
    })
      .then((response) => {
        if (response.ok) {
          window.location.reload(); // the saved order, and its message
          return null;
        }
        return response.json().then(
          (data) => undo(data.error),
          () => undo("")
        );
      })
      .catch(() => undo("")); // offline, or the server could not be reached
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const handle of document.querySelectorAll("[data-reorder-list] .drag-handle")) {
      handle.hidden = false;
    }
  });

  document.addEventListener("dragstart", (e) => {
    const handle = e.target.closest ? e.target.closest(".drag-handle") : null;
    if (!handle) return;
    const item = handle.closest("[data-reorder-item]");
    if (!item || !item.parentElement.hasAttribute("data-reorder-list")) return;
    dragged = item;
    before = ids(item.parentElement);
    dropped = false;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", item.getAttribute("data-reorder-item"));
    e.dataTransfer.setDragImage(item, 10, 10);
  });

  document.addEventListener("dragover", (e) => {
    if (!dragged) return;
    const over = siblingAt(e.target);
    if (!over) return;
    e.preventDefault(); // a drop is allowed here
    e.dataTransfer.dropEffect = "move";
    if (over === dragged) return;
    const items = Array.from(dragged.parentElement.children);
    // Downwards the dragged item goes after the one under the pointer, upwards before it.
    if (items.indexOf(over) > items.indexOf(dragged)) {
      over.after(dragged);
    } else {
      over.before(dragged);
    }
  });

  document.addEventListener("drop", (e) => {
    if (!dragged || !siblingAt(e.target)) return;
    e.preventDefault();
    dropped = true;
  });

  document.addEventListener("dragend", () => {
    if (!dragged) return;
    const list = dragged.parentElement;
    const order = before;
    dragged = null;
    before = null;
    if (!dropped) {
      restore(list, order);
      return;
    }
    if (ids(list).join(",") !== order.join(",")) save(list, order);
  });
})();
