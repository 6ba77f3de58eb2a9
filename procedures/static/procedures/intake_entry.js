// Live totals on the monthly entry page: row totals, column totals, whether each row adds up,
// and the signed documents not accounted for. The server checks everything again on submit.
(function () {
  "use strict";
  var grid = document.querySelector("[data-intake-grid]");
  if (!grid) { return; }
  var computed = JSON.parse(grid.getAttribute("data-computed") || "{}");
  var format = new Intl.NumberFormat(document.documentElement.lang || "vi");

  function number(input) {
    var text = (input && input.value || "").trim();
    if (!/^\d+$/.test(text)) { return 0; }
    return parseInt(text, 10);
  }

  function recomputeGrid() {
    var columnTotals = {};
    grid.querySelectorAll("tbody tr[data-row]").forEach(function (row) {
      var values = {};
      row.querySelectorAll("input[data-col]").forEach(function (input) {
        values[input.getAttribute("data-col")] = number(input);
      });
      Object.keys(computed).forEach(function (key) {
        values[key] = computed[key].reduce(function (sum, part) { return sum + (values[part] || 0); }, 0);
        var cell = row.querySelector('[data-computed="' + key + '"]');
        if (cell) { cell.textContent = format.format(values[key]); }
      });
      var balance = row.querySelector("[data-balance]");
      if (balance) {
        var difference = values.total - (values.resolved_total + values.pending_total);
        balance.classList.toggle("is-ok", difference === 0);
        balance.classList.toggle("is-off", difference !== 0);
        balance.textContent = difference === 0
          ? balance.getAttribute("data-ok")
          : balance.getAttribute("data-mismatch").replace("{diff}", format.format(difference));
      }
      Object.keys(values).forEach(function (key) {
        columnTotals[key] = (columnTotals[key] || 0) + values[key];
      });
    });
    grid.querySelectorAll("[data-total]").forEach(function (cell) {
      cell.textContent = format.format(columnTotals[cell.getAttribute("data-total")] || 0);
    });
  }

  var egov = document.querySelector("[data-egov]");
  var unaccounted = document.querySelector("[data-unaccounted]");

  function recomputeDigital() {
    if (!egov || !unaccounted) { return; }
    function value(name) { return number(egov.querySelector('input[data-col="' + name + '"]')); }
    var count = value("documents_signed") - value("documents_interconnected") - value("documents_internal");
    unaccounted.classList.toggle("d-none", count <= 0);
    unaccounted.textContent = unaccounted.getAttribute("data-template").replace("{count}", format.format(Math.max(count, 0)));
  }

  grid.addEventListener("input", recomputeGrid);
  if (egov) { egov.addEventListener("input", recomputeDigital); }
  recomputeGrid();
  recomputeDigital();
})();
