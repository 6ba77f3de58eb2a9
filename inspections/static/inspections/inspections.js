// Inspections pages: confirmation before destructive posts, and the print button.
// No inline handlers (CSP): behaviour hangs on data-* attributes.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action='print']");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  // Checklist: the note is required when a criterion is not met; say so next to it.
  document.querySelectorAll("[data-checklist-form]").forEach(function (form) {
    var update = function () {
      var chosen = form.querySelector("input[type=radio]:checked");
      var hint = form.querySelector("[data-note-hint]");
      if (hint) {
        hint.hidden = !(chosen && chosen.value === "not_met");
      }
    };
    form.addEventListener("change", update);
    update();
  });
  // Inspection form: "Scheduled" means "in a plan", so it follows the plan chosen.
  document.querySelectorAll("[data-inspection-form]").forEach(function (form) {
    var plan = form.querySelector("select[name=plan]");
    var scheduled = form.querySelector("input[name=is_scheduled]");
    if (plan && scheduled) {
      plan.addEventListener("change", function () {
        scheduled.checked = plan.value !== "";
      });
    }
  });
})();
