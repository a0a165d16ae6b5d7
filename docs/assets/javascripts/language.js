/* The language switch (Material's header selector, a.md-select__link) keeps the reader's place: the link
 * to the page in another language gets this page's #anchor and query (the planner's form keeps its values
 * there, planner.js) at the moment it is used, so that switching from English to Korean, or back, lands
 * on the same heading with the same inputs. Headings carry the same ids in every language (the templates
 * write them), so the anchor exists on the other side.
 */
(function () {
  "use strict";

  function keepPlace(link) {
    var href = link.getAttribute("href");
    if (href === null) return;
    var bare = href.split("#")[0].split("?")[0];
    link.setAttribute("href", bare + location.search + location.hash);
  }

  function fromEvent(event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a.md-select__link[hreflang]") : null;
    if (link) keepPlace(link);
  }

  // Every way a link is followed or copied starts with one of these (a click, a middle click, the menu
  // to copy it, a tap, Enter on the focused link).
  ["mousedown", "click", "auxclick", "contextmenu", "touchstart", "focusin", "keydown"].forEach(function (kind) {
    document.addEventListener(kind, fromEvent, true);
  });
})();
