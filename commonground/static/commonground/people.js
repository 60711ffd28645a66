// People pages: small progressive enhancements (CSP-safe; everything works without it).
document.addEventListener("DOMContentLoaded", function () {
  // Filter the wall chart's cards by name as you type.
  var box = document.querySelector("[data-wall-filter]");
  if (box) {
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      document.querySelectorAll(".person-card").forEach(function (card) {
        var name = card.getAttribute("data-name") || "";
        card.hidden = q !== "" && name.indexOf(q) === -1;
      });
    });
  }
  // Selects marked data-autosubmit-select submit their form on change.
  document.querySelectorAll("[data-autosubmit-select]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
// After an htmx swap, move focus to the refreshed card so keyboard and screen-reader users
// hear "Saved." and stay where they were.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail && event.detail.target;
  var card = target && target.id ? document.getElementById(target.id) : null;
  if (card) { card.setAttribute("tabindex", "-1"); card.focus({ preventScroll: true }); }
});
