/* careerhub — the one script of the layout, served by the app (CSP: script-src 'self').
   Everything works without it; it only improves: the phone menu collapses behind a button,
   focus moves to the error summary after an invalid submit, the server's Korean messages
   replace the browser's validation bubbles, and only table wrappers that really scroll are
   focusable regions with a name. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var button = document.querySelector("[data-nav-toggle]");
    if (!button) return;
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    // A link in the summary puts the cursor in its field, not only scrolls to it.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({block: "center"});
      field.focus();
    });
  }

  function serverValidation() {
    // The server answers every bad input in Korean next to its field; the browser's own
    // bubbles (in the browser's language, gone after a moment) would only get in the way.
    var forms = document.querySelectorAll("main form");
    for (var i = 0; i < forms.length; i++) forms[i].noValidate = true;
  }

  function wrapTables() {
    // A table wider than a phone scrolls inside its own box, never the whole page (WCAG 1.4.10).
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.parentElement.closest(".table-wrap")) continue;
      var wrap = document.createElement("div");
      wrap.className = "table-wrap plain";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
  }

  function regionName(wrap) {
    var caption = wrap.querySelector("caption");
    var name = wrap.getAttribute("data-label") ||
      (caption ? caption.textContent.replace(/\s+/g, " ").trim() : "");
    if (name) return name;
    var heading = wrap.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    if (!heading) {
      var section = wrap.closest("section, .card, fieldset");
      heading = section ? section.querySelector("h2, h3, h4, legend") : null;
    }
    return heading ? heading.textContent.replace(/\s+/g, " ").trim() : document.title;
  }

  function scrollableRegions() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", regionName(wrap));
      } else {
        wrap.removeAttribute("tabindex");
        if (wrap.getAttribute("role") === "region") wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }

  function ready() {
    setUpMenu();
    serverValidation();
    wrapTables();
    scrollableRegions();
    focusErrorSummary();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(scrollableRegions, 150);
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      serverValidation();
      wrapTables();
      scrollableRegions();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
