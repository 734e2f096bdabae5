// The public class map (projector view).
// - "Full screen": shown only where the browser can do it; Esc leaves full screen.
// - The board polls itself (htmx, every few seconds). Only a board replaces the board: if
//   the session ended, the poll lands on the sign-in page, and the projector keeps showing
//   the last board instead of a login form squeezed into it.
(() => {
  const button = document.querySelector("[data-fullscreen]");
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    });
  }
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (!target || target.id !== "public-board") return;
    const text = event.detail.serverResponse || "";
    if (!text.includes('id="public-board"')) event.detail.shouldSwap = false;
  });
})();
