// Read-aloud: a "listen" button beside an item stem, a choice, an "I can…" statement or
// feedback speaks that text with the browser's own speech synthesis (no network, nothing to
// install). Buttons are rendered `hidden` and shown only when the browser has a voice, so
// where it has none they are absent, never broken.
//
//   <p id="stem-12" lang="en">…</p>
//   <button type="button" class="listen" data-listen="stem-12" hidden>…</button>
//
// The language spoken is the `lang` of the text (or of the nearest ancestor with one), so a
// Spanish version of an item is read in Spanish. When the target holds several versions
// (`data-version`, see attempt.js), the one shown is read.
(() => {
  const synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  function languageOf(el) {
    const holder = el.closest("[lang]");
    return holder ? holder.getAttribute("lang") : document.documentElement.lang || "en";
  }

  function voiceFor(lang) {
    const voices = synth.getVoices();
    const base = lang.toLowerCase().split("-")[0];
    return (
      voices.find((v) => v.lang.toLowerCase() === lang.toLowerCase()) ||
      voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === base) ||
      null
    );
  }

  function shownVersion(target) {
    const versions = target.querySelectorAll("[data-version]");
    for (const version of versions) {
      if (!version.hidden) return version;
    }
    return target;
  }

  function speak(button) {
    const holder = document.getElementById(button.dataset.listen);
    if (!holder) return;
    const target = shownVersion(holder);
    const text = target.innerText.trim();
    if (!text) return;
    const lang = languageOf(target);
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    const voice = voiceFor(lang);
    if (voice) {
      try { utterance.voice = voice; } catch (e) { /* not a real voice: lang alone decides */ }
    }
    // One voice at a time: a second press starts over instead of queueing.
    synth.cancel();
    button.setAttribute("aria-pressed", "true");
    utterance.onend = utterance.onerror = () => button.setAttribute("aria-pressed", "false");
    synth.speak(utterance);
  }

  function reveal() {
    if (!synth.getVoices().length) return false;
    document.querySelectorAll("button[data-listen]").forEach((b) => {
      b.hidden = false;
      b.setAttribute("aria-pressed", "false");
    });
    return true;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-listen]");
    if (button) speak(button);
  });
  // Content swapped in by htmx (an item switched to its other language) gets its buttons too.
  document.addEventListener("htmx:afterSwap", reveal);
  // Voices load asynchronously in most browsers.
  if (!reveal() && "onvoiceschanged" in synth) {
    synth.addEventListener("voiceschanged", reveal, { once: true });
  }
})();
