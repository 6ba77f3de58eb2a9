// The criterion form: show only the settings of the rule chosen (all are shown without JS).
(function () {
  "use strict";
  var select = document.getElementById("id_rule");
  if (!select) {
    return;
  }
  var groups = document.querySelectorAll("fieldset[data-rule]");
  function show() {
    groups.forEach(function (group) {
      group.hidden = group.getAttribute("data-rule") !== select.value;
    });
  }
  select.addEventListener("change", show);
  show();
})();
