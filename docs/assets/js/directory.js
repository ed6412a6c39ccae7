// The honourees directory's filters: kind, unit, award form and a name typed with or without
// diacritics. The state lives in the URL query, so a filtered view can be shared. Without this
// script the full list shows.
(function () {
  "use strict";
  var form = document.querySelector("[data-td-filter]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".td-hcard"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-td-group]"));
  var count = form.querySelector("[data-td-count]");
  var empty = document.querySelector("[data-td-empty]");
  var fields = { ten: "name", loai: "kind", "don-vi": "unit", "khen-thuong": "award" };

  // Same folding as the site's build (thidua.model.text.fold): no diacritics, đ read as d, lower case.
  function fold(value) {
    return value.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function readQuery() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(fields).forEach(function (key) {
      var input = form.elements[key];
      if (input && params.has(key)) input.value = params.get(key);
    });
  }

  function writeQuery() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(fields).forEach(function (key) {
      var value = form.elements[key].value.trim();
      if (value) params.set(key, value); else params.delete(key);
    });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function apply() {
    var name = fold(form.elements.ten.value);
    var kind = form.elements.loai.value;
    var unit = form.elements["don-vi"].value;
    var award = form.elements["khen-thuong"].value;
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!name || card.dataset.name.indexOf(name) !== -1) &&
        (!kind || card.dataset.kind === kind) &&
        (!unit || card.dataset.unit === unit) &&
        (!award || card.dataset.award === award);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector(".td-hcard:not([hidden])");
    });
    count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", cards.length);
    empty.hidden = shown !== 0;
  }

  // A shared link with filters opens the folded box (on phones), so the reader sees what is applied.
  var box = document.querySelector("[data-td-filters]");
  if (box && Object.keys(fields).some(function (key) { return new URLSearchParams(window.location.search).has(key); })) {
    box.open = true;
  }
  readQuery();
  apply();
  form.addEventListener("input", function () { apply(); writeQuery(); });
  form.addEventListener("change", function () { apply(); writeQuery(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { apply(); writeQuery(); }, 0);
  });
})();
