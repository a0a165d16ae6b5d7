// Hand-written; served from the site itself (no CDN). Sorts a table inside a <div class="sortable">
// when one of its column headings (a button) is clicked or pressed with Enter or Space.
// Numbers sort numerically, ignoring footnote markers and thousands separators; cells
// without a number ("unknown", "not supported") always sort last.
(function () {
  "use strict";

  function cellText(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll("sup").forEach(function (sup) { sup.remove(); });
    return copy.textContent.trim();
  }

  function cellNumber(text) {
    var match = text.match(/-?\d[\d,]*(?:\.\d+)?/);
    return match ? parseFloat(match[0].replace(/,/g, "")) : null;
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var keys = rows.map(function (row) {
      var text = cellText(row.cells[column]);
      return { row: row, text: text, number: cellNumber(text) };
    });
    var numeric = keys.filter(function (k) { return k.number !== null; }).length > keys.length / 2;
    var lang = document.documentElement.lang || undefined;
    keys.sort(function (a, b) {
      if (numeric) {
        if (a.number === null || b.number === null) {
          return (a.number === null) - (b.number === null);  // missing values last, either way
        }
        return ascending ? a.number - b.number : b.number - a.number;
      }
      var order = a.text.localeCompare(b.text, lang, { numeric: true });
      return ascending ? order : -order;
    });
    keys.forEach(function (k) { body.appendChild(k.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  // The headings are already <button>s in the HTML (the generator writes them), so loading a page
  // changes nothing: one listener waits for a click (or Enter/Space, which click a button).
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest(".sortable th .sort-button") : null;
    if (!button) {
      return;
    }
    var header = button.closest("th");
    var table = header.closest("table");
    sortBy(table, Array.prototype.indexOf.call(header.parentElement.cells, header), header);
  });
})();
