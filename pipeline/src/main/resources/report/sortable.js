(function () {
  "use strict";
  function key(cell) {
    var v = cell.getAttribute("data-v");
    return v === null ? null : parseFloat(v);
  }
  function sortBy(table, col, th) {
    var desc = th.classList.contains("asc");
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].classList.remove("asc", "desc"); }
    th.classList.add(desc ? "desc" : "asc");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var ca = a.cells[col], cb = b.cells[col];
      var na = key(ca), nb = key(cb), r;
      if (ca.classList.contains("num") || cb.classList.contains("num") || ca.textContent === "" || cb.textContent === "") {
        if (na === null && nb === null) { return 0; }
        if (na === null) { return 1; }
        if (nb === null) { return -1; }
        r = na - nb;
      } else {
        r = ca.textContent.localeCompare(cb.textContent);
      }
      return desc ? -r : r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () { sortBy(table, col, th); });
    });
  });
})();
