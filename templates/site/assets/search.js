// Client-side search over SOP titles, steps, roles and forms. No network:
// the index is assets/search-index.js (a script, so it also works from file://).
(function () {
  "use strict";
  var box = document.querySelector(".search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var index = window.SOPC_INDEX || [];
  if (!box || !input || !list) { return; }
  var root = box.getAttribute("data-root") || "";
  var kinds = window.SOPC_KINDS || {};
  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    query = query.trim().toLowerCase();
    if (!query) { return; }
    var words = query.split(/\s+/);
    var found = index.filter(function (item) {
      var text = (item.t + " " + (item.s || "")).toLowerCase();
      return words.every(function (word) { return text.indexOf(word) !== -1; });
    }).slice(0, 20);
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = input.getAttribute("data-empty");
      list.appendChild(none);
      return;
    }
    found.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + item.u;
      a.textContent = item.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = (kinds[item.k] || item.k) + (item.s ? " · " + item.s : "");
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    });
  }
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; show(""); }
  });
}());
