// Mastery policy page: show only the chosen method's settings. Without this script every
// method's settings stay visible, and the server reads only the chosen method's.
// A preview answers for the form as it was: once the form changes, the preview says so
// (its note is in the page, translated, and hidden until then).
(() => {
  const form = document.getElementById("policy-form");
  if (!form) return;
  const show = () => {
    const chosen = form.querySelector("input[name=method]:checked");
    form.querySelectorAll("[data-method-params]").forEach((group) => {
      group.hidden = !chosen || group.dataset.methodParams !== chosen.value;
    });
  };
  const stale = () => {
    const note = form.querySelector("#policy-preview [data-preview-stale]");
    if (note) note.hidden = false;
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "method") show();
    stale();
  });
  form.addEventListener("input", stale);
  show();
})();
