// Measures the rendered report after load and writes the figures as JSON into a pre element (id probe).
window.addEventListener("load", function () {
  var r = {};
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  r.charts = all("svg.chart").map(function (s) {
    var box = s.getBoundingClientRect();
    return {
      id: s.id,
      width: box.width,
      height: box.height,
      curves: all("path.curve", s).map(function (p) { return (p.getAttribute("d").match(/[ML]/g) || []).length; }),
      cells: all("rect.cell", s).map(function (c) { return c.getAttribute("data-row") + "|" + c.getAttribute("data-col") + "|" + c.getAttribute("data-value"); })
    };
  });
  r.tables = {};
  all("table").forEach(function (t) { r.tables[t.id] = t.tBodies[0].rows.length; });
  r.images = all("img.panel").map(function (i) {
    return { alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, shown: i.getBoundingClientRect().width };
  });
  r.overlays = all("div.overlay").map(function (d) { return d.getAttribute("data-end"); });
  var sortable = document.querySelector("table.sortable");
  var target = document.getElementById("images-table") || sortable;
  if (target) {
    var heads = Array.prototype.slice.call(target.tHead.rows[0].cells);
    var col = heads.findIndex(function (h) { return h.textContent.indexOf("AP") === 0; });
    var column = function () {
      return Array.prototype.slice.call(target.tBodies[0].rows).map(function (row) {
        var v = row.cells[col].getAttribute("data-v"); return v === null ? null : parseFloat(v);
      });
    };
    heads[col].click();
    r.sortedAscending = column();
    heads[col].click();
    r.sortedDescending = column();
  }
  r.errors = window.__errors;
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
