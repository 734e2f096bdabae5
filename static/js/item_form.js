// Item form: show only the key fields that the chosen item type uses.
(function () {
  "use strict";
  const form = document.getElementById("item-form");
  if (!form) return;
  function sync() {
    const kind = (form.querySelector("input[name='kind']:checked") || {}).value;
    form.querySelectorAll("[data-kinds]").forEach((el) => {
      el.hidden = !el.dataset.kinds.split(" ").includes(kind);
    });
  }
  form.addEventListener("change", sync);
  sync();
})();
