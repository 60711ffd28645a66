// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Confirm destructive actions marked with data-confirm (on the form or the button pressed).
  document.body.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) ||
      (form.getAttribute && form.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) { event.preventDefault(); event.stopImmediatePropagation(); }
  });

  // Forms whose fields depend on a choice (a goal's measure, a target's kind): show only the
  // fields the chosen value uses. The server ignores the others whatever is sent.
  document.querySelectorAll("form[data-fields-for]").forEach(function (form) {
    var control = form.elements[form.getAttribute("data-fields-for")];
    var source = document.getElementById(form.getAttribute("data-fields-map"));
    if (!control || !source) { return; }
    var map = JSON.parse(source.textContent);
    var all = {};
    Object.keys(map).forEach(function (k) { map[k].forEach(function (f) { all[f] = true; }); });
    function update() {
      var wanted = map[control.value] || [];
      Object.keys(all).forEach(function (name) {
        var box = form.querySelector('.field[data-field="' + name + '"]');
        if (box) { box.hidden = wanted.indexOf(name) === -1; }
      });
    }
    control.addEventListener("change", update);
    update();
  });

  // A register picker's search box: Enter searches instead of sending the whole form.
  document.body.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input.closest && input.closest(".picker-search")) {
      event.preventDefault();
      input.dispatchEvent(new Event("search"));
    }
  });

  // Global search: "/" jumps to the box; arrow keys move through the live results;
  // Escape closes them. Enter always opens the full results page.
  var box = document.getElementById("site-search-q");
  var pop = document.getElementById("site-search-results");
  if (!box || !pop) { return; }
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function links() { return Array.prototype.slice.call(pop.querySelectorAll("a")); }
  function close() { pop.innerHTML = ""; }
  // On window, so that a page's own "/" (the review queue's register search) wins.
  window.addEventListener("keydown", function (event) {
    if (event.defaultPrevented) { return; }
    if (event.key === "/" && !typing(document.activeElement) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
    if (event.key === "Escape") { close(); }
  });
  pop.addEventListener("keydown", function (event) {
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && i < all.length - 1) { event.preventDefault(); all[i + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? all[i - 1] : box).focus(); }
    if (event.key === "Escape") { close(); box.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".site-search")) { close(); }
  });
});
