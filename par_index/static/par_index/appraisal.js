// The appraisal page: say so when typed scores are not saved yet and another button is used
// (accepting an area, completing, finalising or reopening would leave them unsaved).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("appraisal-form");
    var warning = document.getElementById("unsaved-warning");
    if (!form || !warning) {
      return;
    }
    var dirty = false;
    var warned = false;
    form.addEventListener("input", function () {
      dirty = true;
    });
    document.addEventListener(
      "submit",
      function (event) {
        var target = event.target;
        if (!dirty || warned || target === form) {
          return;
        }
        // Warn once; a second click goes ahead.
        event.preventDefault();
        warned = true;
        warning.textContent = form.dataset.unsaved;
        warning.classList.remove("d-none");
        warning.scrollIntoView({ block: "center" });
      },
      true
    );
  });
})();
