// The period picker shows only the inputs the chosen kind of period uses.
(function () {
  "use strict";
  var NEEDS = {
    ytd: ["year"], month: ["year", "month"], quarter: ["year", "quarter"], half: ["year"],
    nine: ["year"], year: ["year"], custom: ["first", "last"]
  };
  document.querySelectorAll("[data-period-form]").forEach(function (form) {
    var kind = form.querySelector('select[name="period"]');
    if (!kind) { return; }
    function update() {
      var needed = NEEDS[kind.value] || ["year"];
      form.querySelectorAll("[data-period-field]").forEach(function (wrapper) {
        var name = wrapper.getAttribute("data-period-field");
        wrapper.classList.toggle("d-none", name !== "period" && needed.indexOf(name) === -1);
      });
    }
    kind.addEventListener("change", update);
    update();
  });
})();
