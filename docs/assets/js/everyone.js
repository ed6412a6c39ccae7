// The Department's directory of everyone honoured (/ton-vinh/ of an archive home of several campaigns):
// the entries are read from ton-vinh/danh-sach.json (thidua.publish.department.everyone_index) and
// filtered by campaign, year, unit, kind and award; the filters' state is in the address
// (?campaign=...&year=...), so a filtered list can be shared. PAGE entries are shown at a time.
(function () {
  "use strict";
  var form = document.querySelector("[data-td-everyone]");
  if (!form) return;
  var PAGE = 50;
  var lang = form.getAttribute("data-lang") || "vi";
  var root = new URL(form.getAttribute("data-root"), document.baseURI);
  var list = document.querySelector("[data-td-everyone-list]");
  var count = document.querySelector("[data-td-everyone-count]");
  var more = document.querySelector("[data-td-everyone-more]");
  var entries = [];
  var matching = [];
  var shown = 0;
  var FIELDS = ["campaign", "year", "unit", "kind", "award"];

  function text(value) {
    return value && (value[lang] || value.vi) || "";
  }

  function state() {
    var out = {};
    FIELDS.forEach(function (name) { out[name] = form.elements[name].value; });
    return out;
  }

  function remember(values) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (values[name]) params.set(name, values[name]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function row(entry) {
    var li = document.createElement("li");
    li.className = "td-everyone__item";
    li.setAttribute("data-campaign", entry.campaign);
    li.setAttribute("data-honouree", entry.id);
    var a = document.createElement("a");
    a.href = new URL(entry.campaign + "/" + entry.root + "ton-vinh/" + entry.id + "/", root).href;
    a.textContent = entry.name;
    li.appendChild(a);
    var about = document.createElement("span");
    about.className = "td-everyone__about";
    about.textContent = " · " + [form.getAttribute("data-t-" + entry.kind), entry.unitName, entry.awardName, entry.campaignName + " (" + entry.year + ")"]
      .filter(Boolean).join(" · ");
    li.appendChild(about);
    return li;
  }

  function showMore() {
    matching.slice(shown, shown + PAGE).forEach(function (entry) { list.appendChild(row(entry)); });
    shown = Math.min(matching.length, shown + PAGE);
    more.hidden = shown >= matching.length;
    count.textContent = form.getAttribute("data-t-count").replace("{shown}", shown).replace("{total}", matching.length);
  }

  function apply() {
    var values = state();
    remember(values);
    matching = entries.filter(function (e) {
      return (!values.campaign || e.campaign === values.campaign) && (!values.year || String(e.year) === values.year) &&
        (!values.unit || e.unit === values.unit) && (!values.kind || e.kind === values.kind) &&
        (!values.award || e.awardName === values.award);
    });
    list.textContent = "";
    shown = 0;
    showMore();
  }

  fetch(new URL(form.getAttribute("data-index"), document.baseURI).href)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var awards = {};
      data.campaigns.forEach(function (c) {
        c.honourees.forEach(function (h) {
          var award = h[4] ? text(c.forms[h[4]]) : "";
          if (award) awards[award] = true;
          entries.push({
            campaign: c.slug, campaignName: text(c.name), year: c.year, id: h[0], name: text(h[1]), kind: h[2],
            unit: h[3], unitName: text(data.units[h[3]]), awardName: award,
            root: c.languages.indexOf(lang) >= 0 && lang !== "vi" ? lang + "/" : ""
          });
        });
      });
      var select = form.elements.award;
      Object.keys(awards).sort().forEach(function (name) {
        var option = document.createElement("option");
        option.value = option.textContent = name;
        select.appendChild(option);
      });
      var params = new URLSearchParams(location.search);
      FIELDS.forEach(function (name) { if (params.get(name)) form.elements[name].value = params.get(name); });
      form.hidden = false;
      form.addEventListener("change", apply);
      more.addEventListener("click", showMore);
      apply();
    })
    .catch(function (error) { console.warn("Directory not loaded:", error); });
})();
