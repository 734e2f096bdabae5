// Print button on the login-cards page (no inline onclick, per house style).
document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
