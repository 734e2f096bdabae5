// Mastery policy page: show only the chosen method's settings. Without this script every
// method's settings stay visible, and the server reads only the chosen method's.
(() => {
  const form = document.getElementById("policy-form");
  if (!form) return;
  const show = () => {
    const chosen = form.querySelector("input[name=method]:checked");
    form.querySelectorAll("[data-method-params]").forEach((group) => {
      group.hidden = !chosen || group.dataset.methodParams !== chosen.value;
    });
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "method") show();
  });
  show();
})();
