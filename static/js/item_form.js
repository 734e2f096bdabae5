// Item form: show only the key fields that the chosen item type uses, and the translation
// column only when the item has a second language (its heading names that language).
(function () {
  "use strict";
  const form = document.getElementById("item-form");
  if (!form) return;
  const bilingual = document.getElementById("bilingual");
  const language = form.querySelector("select[name='second_language']");
  function sync() {
    const kind = (form.querySelector("input[name='kind']:checked") || {}).value;
    form.querySelectorAll("[data-kinds]").forEach((el) => {
      el.hidden = !el.dataset.kinds.split(" ").includes(kind);
    });
    if (!bilingual || !language) return;
    const code = language.value;
    bilingual.toggleAttribute("data-one-language", !code);
    form.querySelectorAll(".translation").forEach((el) => { el.hidden = !code; });
    const name = bilingual.querySelector("[data-language-name]");
    if (name && code) {
      name.textContent = language.options[language.selectedIndex].text;
      name.setAttribute("lang", code);
    }
    // Spell-checkers read each translation box in the chosen language.
    form.querySelectorAll(".translation textarea, .translation input").forEach((box) => {
      if (code) box.setAttribute("lang", code); else box.removeAttribute("lang");
    });
  }
  form.addEventListener("change", sync);
  sync();
})();
