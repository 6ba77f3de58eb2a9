// The phone update form: show the completion date only for "done" (filled with today when
// empty) and the reason only for "cancelled". The server checks both again.
(function () {
  "use strict";
  var form = document.querySelector(".task-update-form");
  if (!form) { return; }
  var today = form.getAttribute("data-today");
  var dateInput = form.querySelector("input[name='completed_on']");
  function selected() {
    var checked = form.querySelector("input[name='status']:checked");
    return checked ? checked.value : "";
  }
  function refresh() {
    var status = selected();
    form.querySelectorAll("[data-show-for]").forEach(function (block) {
      block.hidden = block.getAttribute("data-show-for") !== status;
    });
    if (status === "done" && dateInput && !dateInput.value && today) {
      dateInput.value = today;
    }
  }
  form.querySelectorAll("input[name='status']").forEach(function (radio) {
    radio.addEventListener("change", refresh);
  });
  refresh();
})();
