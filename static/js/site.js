// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to an error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }

    // Live "closes in ..." countdowns: <time data-countdown datetime="ISO">.
    var countdowns = document.querySelectorAll("[data-countdown]");
    function describe(ms) {
      if (ms <= 0) { return "closed"; }
      var minutes = Math.floor(ms / 60000);
      var days = Math.floor(minutes / 1440);
      var hours = Math.floor((minutes % 1440) / 60);
      var mins = minutes % 60;
      if (days >= 2) { return "closes in " + days + " days"; }
      if (days === 1) { return "closes in 1 day " + hours + " h"; }
      if (hours >= 1) { return "closes in " + hours + " h " + mins + " min"; }
      return "closes in " + mins + " min";
    }
    function tick() {
      var now = Date.now();
      countdowns.forEach(function (el) {
        var target = Date.parse(el.getAttribute("datetime"));
        if (!isNaN(target)) { el.textContent = describe(target - now); }
      });
    }
    if (countdowns.length) { tick(); window.setInterval(tick, 30000); }

    // A table wider than the screen scrolls inside its wrapper: let the keyboard reach
    // that scroller too, named after the table's caption.
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) { return; }
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() + " " : "") + "(scrolls sideways)");
      var hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = "The table is wider than the screen: scroll it sideways to see every column.";
      wrap.parentNode.insertBefore(hint, wrap);
    });

    // Ask before actions marked data-confirm (the server still asks when JS is off).
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
