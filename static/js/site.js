// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to an error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }

    // Each link of the summary moves the focus to its field (the first radio of a group),
    // showing the field's label or the group's legend above it. Without this file the
    // links still work as plain fragments.
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!target || typeof target.focus !== "function") { return; }
        event.preventDefault();
        var heading = null;
        var group = target.closest("fieldset");
        if ((target.type === "radio" || target.type === "checkbox") && group) {
          heading = group.querySelector("legend");
        }
        if (!heading && target.id) {
          heading = document.querySelector('label[for="' + CSS.escape(target.id) + '"]');
        }
        (heading || target).scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      });
    });

    // A character count under every limited text field (data-maxlength, set by the
    // server, which also refuses over-long text and keeps it). The visible count changes
    // as one types; a screen reader hears it once typing pauses.
    function charactersWords(count) {
      return count.toLocaleString("en-US") + (count === 1 ? " character" : " characters");
    }
    document.querySelectorAll("[data-maxlength]").forEach(function (field) {
      var limit = parseInt(field.getAttribute("data-maxlength"), 10);
      if (!limit || !field.id) { return; }
      var count = document.createElement("div");
      count.className = "char-count";
      count.id = field.id + "_count";
      var spoken = document.createElement("div");
      spoken.className = "visually-hidden";
      spoken.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", count);
      count.insertAdjacentElement("afterend", spoken);
      var described = (field.getAttribute("aria-describedby") || "").split(" ");
      described.push(count.id);
      field.setAttribute("aria-describedby", described.join(" ").trim());
      var timer = null;
      function words() {
        var left = limit - field.value.length;
        return left >= 0 ? "You have " + charactersWords(left) + " remaining"
          : "You have " + charactersWords(-left) + " too many";
      }
      function update(speak) {
        count.textContent = words();
        count.classList.toggle("char-count-over", field.value.length > limit);
        if (speak) {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () { spoken.textContent = words(); }, 800);
        }
      }
      field.addEventListener("input", function () { update(true); });
      update(false);
    });

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

    // Autosave of the draft: about every 30 seconds while it changes, and when the page
    // is left. Files are not sent (they need "Save draft"). The server keeps a save that
    // arrives after the session ended and completes it after the next login.
    var draft = document.querySelector("form[data-autosave-url]");
    if (draft && window.fetch && window.FormData) {
      var status = draft.querySelector("[data-autosave-status]");
      var url = draft.getAttribute("data-autosave-url");
      var changed = false;
      var sending = false;
      var submitting = false;
      function body() {
        var data = new FormData(draft);
        draft.querySelectorAll("input[type=file]").forEach(function (input) { data.delete(input.name); });
        return new URLSearchParams(data);
      }
      function say(text) { if (status) { status.textContent = text; } }
      function save(leaving) {
        if (!changed || sending || submitting) { return; }
        changed = false;
        sending = true;
        var token = draft.querySelector("input[name=csrfmiddlewaretoken]");
        window.fetch(url, {
          method: "POST",
          body: body(),
          credentials: "same-origin",
          keepalive: !!leaving,
          headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
        }).then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (answer) {
            if (answer.message) { say(answer.message); }
            else if (!response.ok) { changed = true; say("Not saved yet: we will try again in a moment."); }
          });
        }).catch(function () {
          changed = true;
          say("Not saved yet: the connection dropped. We will try again; “Save draft” works too.");
        }).then(function () { sending = false; });
      }
      draft.addEventListener("input", function () { changed = true; });
      draft.addEventListener("change", function () { changed = true; });
      draft.addEventListener("submit", function () { submitting = true; });
      window.setInterval(function () { save(false); }, 30000);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") { save(true); }
      });
      window.addEventListener("pagehide", function () { save(true); });
    }

    // Ask before actions marked data-confirm (the server still asks when JS is off).
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
