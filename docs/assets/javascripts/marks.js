// Hand-written; served from the site itself (no CDN). The switch that hides the marks beside figures
// (the letter saying how a figure is known, the number of its footnote). The choice is kept in
// localStorage, so it holds on every page and in every language. Hidden marks keep their room
// (extra.css), so nothing moves when they go or come back; a figure in a table still links to its
// source: the whole cell is the footnote's link.
(function () {
  "use strict";
  var KEY = "colab-accelerators.marks";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function apply(shown) {
    root.classList.toggle("marks-hidden", !shown);
    document.querySelectorAll(".marks-switch").forEach(function (button) {
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      button.classList.add("marks-switch-ready");
    });
  }

  apply(stored() !== "hidden");
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".marks-switch");
    if (!button) return;
    var shown = button.getAttribute("aria-pressed") !== "true";
    try { localStorage.setItem(KEY, shown ? "shown" : "hidden"); } catch (e) { /* private mode: this page only */ }
    apply(shown);
  });
})();
