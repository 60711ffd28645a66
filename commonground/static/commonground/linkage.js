// Review queue keyboard: j/k move, 1-5 choose a candidate, a accept, r no match, / search.
// Every action is a normal form or link, so the page works without this file.
(function () {
  "use strict";

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#review-list li")); }
  function panel() { return document.getElementById("review-panel"); }

  function select(li) {
    rows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-current"); });
    if (!li) { return; }
    li.classList.add("selected");
    li.setAttribute("aria-current", "true");
    li.scrollIntoView({ block: "nearest" });
  }

  function move(delta) {
    var list = rows();
    if (!list.length) { return; }
    var i = list.findIndex(function (r) { return r.classList.contains("selected"); });
    var next = list[Math.min(Math.max(i + delta, 0), list.length - 1)];
    if (i < 0) { next = list[0]; }
    select(next);
    var link = next.querySelector("a");
    if (link) { link.click(); }
  }

  function candidates() { return Array.prototype.slice.call(document.querySelectorAll("#review-panel .candidate")); }

  function choose(n) {
    var list = candidates();
    if (n < 1 || n > list.length) { return; }
    list.forEach(function (c) { c.classList.remove("chosen"); });
    list[n - 1].classList.add("chosen");
    var button = list[n - 1].querySelector("button");
    if (button) { button.focus({ preventScroll: false }); }
  }

  function submit(form) {
    if (!form) { return; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function syncSelection() {
    var article = document.querySelector("#review-panel .review-item");
    var id = article ? article.getAttribute("data-item") : null;
    select(id ? document.getElementById("review-row-" + id) : null);
  }

  document.addEventListener("keydown", function (e) {
    if (!panel() || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (typing) {
      if (e.key === "Escape") { t.blur(); }
      return;
    }
    var key = e.key;
    if (key === "j") { move(1); } else if (key === "k") { move(-1); } else if (/^[1-5]$/.test(key)) {
      choose(parseInt(key, 10));
    } else if (key === "a") {
      var chosen = document.querySelector("#review-panel .candidate.chosen form.accept") ||
        document.querySelector("#review-panel form.accept");
      submit(chosen);
    } else if (key === "r") {
      submit(document.querySelector("#review-panel form.reject"));
    } else if (key === "/") {
      var q = document.getElementById("review-search-q");
      if (q) { q.focus(); }
    } else { return; }
    e.preventDefault();
  });

  document.addEventListener("htmx:afterSettle", function (e) {
    if (e.target && e.target.id === "review-panel") { syncSelection(); }
  });
  document.addEventListener("DOMContentLoaded", syncSelection);
})();
