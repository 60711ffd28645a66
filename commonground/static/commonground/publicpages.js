// Public pages: the workplace autocomplete (an ARIA combobox). Suggestions come from the
// page's own JSON (register name and town only); picking one fills a hidden id, typing
// again clears it, and free text is always accepted. Without JavaScript the field is plain.
(function () {
  "use strict";
  var box = document.querySelector(".combobox[data-workplaces-url]");
  if (!box) return;
  var input = box.querySelector("input[role=combobox]");
  var list = box.querySelector("[role=listbox]");
  var hidden = document.querySelector("input[name=workplace_id]");
  var url = box.getAttribute("data-workplaces-url");
  var emptyText = box.getAttribute("data-empty");
  var timer = null;
  var active = -1;
  var results = [];
  var seq = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function render() {
    list.textContent = "";
    if (!results.length) {
      var li = document.createElement("li");
      li.className = "none";
      li.textContent = emptyText;
      list.appendChild(li);
    }
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "workplace-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.appendChild(document.createTextNode(r.name));
      if (r.town) {
        var small = document.createElement("small");
        small.textContent = r.town;
        li.appendChild(small);
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", "workplace-option-" + active);
  }

  function pick(i) {
    var r = results[i];
    if (!r) return;
    input.value = r.town ? r.name + ", " + r.town : r.name;
    if (hidden) hidden.value = String(r.id);
    close();
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 2) { results = []; close(); return; }
    var mine = ++seq;
    fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (mine !== seq) return;  // an older answer arriving late
        results = data.results || [];
        active = -1;
        render();
      })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    if (hidden) hidden.value = "";
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = Math.min(active + 1, results.length - 1); render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0) { pick(active); e.preventDefault(); }
    else if (e.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
