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
