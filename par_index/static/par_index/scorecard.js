// Live totals of the self-scoring page: per area (a bonus or penalty area capped at its
// maximum) and overall (regular + survey + bonus - penalty), as par_index/scoring.py adds them.
// The server's totals are shown until something is typed (or a refused save kept it); a value that is not a number, is
// negative or above the maximum is marked and left out (the server refuses it on saving).
(function () {
  "use strict";
  var form = document.querySelector("[data-scorecard]");
  if (!form) {
    return;
  }
  var lang = form.getAttribute("data-lang") || document.documentElement.lang || "vi";
  var format = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var inputs = form.querySelectorAll(".score-input");
  var areaTotals = form.querySelectorAll("[data-area-total]");
  var cardTotals = document.querySelectorAll("[data-card-total]");
  var unsaved = form.querySelector("[data-unsaved]");
  var dirty = false;

  function parse(text) {
    text = text.replace(/\s/g, "");
    if (text === "") {
      return { value: null, ok: true };
    }
    if (text.split(",").length === 2 && text.indexOf(".") === -1) {
      text = text.replace(",", ".");
    }
    if (!/^\d+(\.\d+)?$/.test(text)) {
      return { value: null, ok: false };
    }
    return { value: Number(text), ok: true };
  }

  function places(text) {
    var match = text.replace(",", ".").match(/\.(\d+)$/);
    return match ? match[1].length : 0;
  }

  function recount() {
    var sums = {};
    inputs.forEach(function (input) {
      var parsed = parse(input.value);
      var max = Number(input.getAttribute("data-max"));
      var allowed = Number(input.getAttribute("data-places"));
      var ok = parsed.ok && (parsed.value === null ||
        (parsed.value <= max && places(input.value.trim()) <= allowed));
      input.classList.toggle("is-invalid", !ok);
      if (ok && parsed.value !== null) {
        var area = input.getAttribute("data-area");
        sums[area] = (sums[area] || 0) + parsed.value;
      }
    });
    var total = 0;
    areaTotals.forEach(function (cell) {
      var points = sums[cell.getAttribute("data-area-total")] || 0;
      var kind = cell.getAttribute("data-kind");
      if (kind === "bonus" || kind === "penalty") {
        points = Math.min(points, Number(cell.getAttribute("data-cap")));
      }
      cell.textContent = format.format(points);
      total += kind === "penalty" ? -points : points;
    });
    cardTotals.forEach(function (cell) {
      cell.textContent = format.format(total);
    });
  }

  // A refused save shows what was typed: the totals follow it, not the stored scores.
  if (form.hasAttribute("data-typed")) {
    recount();
    dirty = true;
  }

  form.addEventListener("input", function (event) {
    dirty = true;
    if (unsaved) {
      unsaved.hidden = false;
    }
    if (event.target.classList.contains("score-input")) {
      recount();
    }
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
