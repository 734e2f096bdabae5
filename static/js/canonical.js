// A page sent in answer to a form ("I'm ready", submit) names its own address in
// <link rel="canonical">: the address bar then shows that address rather than the form's,
// so a reload, a bookmark or a shared link asks for the page, not the form again.
(function () {
  "use strict";
  const link = document.querySelector('link[rel="canonical"]');
  if (!link) return;
  const url = new URL(link.getAttribute("href"), window.location.href);
  if (url.pathname !== window.location.pathname) {
    window.history.replaceState(window.history.state, "", url.pathname + window.location.hash);
  }
})();
