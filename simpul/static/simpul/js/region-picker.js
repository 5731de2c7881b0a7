// The region picker: search as you type and narrow province > regency > district > village.
// Without this file (or without htmx) the widget is a plain code input with a link to
// /regions/pick/, which walks down the hierarchy with selects. Every string shown comes from the
// server (translated there); this file only moves values and focus.
(function () {
  "use strict";
  if (window.simpulRegionPicker) {
    return; // one copy per page, however many pickers include the script
  }
  window.simpulRegionPicker = true;

  function parts(picker) {
    return {
      code: picker.querySelector("[data-picker-code]"),
      path: picker.querySelector("[data-picker-path]"),
      search: picker.querySelector("[data-picker-search]"),
      query: picker.querySelector("[data-picker-query]"),
      scope: picker.querySelector("[data-picker-scope]"),
      scopeText: picker.querySelector("[data-picker-scope-text]"),
      results: picker.querySelector(".picker-results"),
      status: picker.querySelector("[role=status]"),
    };
  }

  function refresh(query) {
    window.htmx.trigger(query, "picker-refresh");
  }

  function resultButtons(p) {
    return Array.prototype.slice.call(p.results.querySelectorAll("button[data-code]"));
  }

  function setScope(picker, p, code, path) {
    if (code) {
      picker.dataset.within = code;
      p.scopeText.textContent = p.query.dataset.withinLabel + " " + path;
      p.scope.hidden = false;
    } else {
      delete picker.dataset.within;
      p.scope.hidden = true;
    }
  }

  function choose(picker, button) {
    var p = parts(picker);
    var level = parseInt(button.dataset.level, 10);
    var maxLevel = parseInt(picker.dataset.maxLevel || "4", 10);
    p.code.value = button.dataset.code;
    p.path.textContent = button.dataset.path;
    p.code.dispatchEvent(new Event("change", { bubbles: true }));
    p.query.value = "";
    if (level < maxLevel) {
      // Narrow: list what is inside the chosen region; the next choice refines the code.
      setScope(picker, p, button.dataset.code, button.dataset.path);
      refresh(p.query);
      p.query.focus();
    } else {
      // Done: back to the code input, which screen readers announce with the chosen path.
      p.results.innerHTML = "";
      p.status.textContent = "";
      p.code.focus();
    }
  }

  function init(picker) {
    if (picker.dataset.pickerReady) {
      return;
    }
    var p = parts(picker);
    if (!p.code || !p.query || !p.results) {
      return;
    }
    picker.dataset.pickerReady = "1";
    p.search.hidden = false;
    window.htmx.process(p.search);

    p.code.addEventListener("input", function () {
      p.path.textContent = ""; // the shown path no longer matches a hand-typed code
    });
    p.query.addEventListener("focus", function () {
      if (!p.query.value && !resultButtons(p).length) {
        refresh(p.query); // show the provinces (or what is inside the scope) to start narrowing
      }
    });
    p.query.addEventListener("keydown", function (event) {
      var buttons = resultButtons(p);
      if (event.key === "Enter") {
        event.preventDefault(); // never submit the surrounding form from the search box
        refresh(p.query);
      } else if (event.key === "ArrowDown" && buttons.length) {
        event.preventDefault();
        buttons[0].focus();
      } else if (event.key === "Escape") {
        p.results.innerHTML = "";
      }
    });
    p.results.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-code]");
      if (button) {
        choose(picker, button);
      }
    });
    p.results.addEventListener("keydown", function (event) {
      var buttons = resultButtons(p);
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) {
        return;
      }
      var next = null;
      if (event.key === "ArrowDown") {
        next = buttons[Math.min(index + 1, buttons.length - 1)];
      } else if (event.key === "ArrowUp") {
        next = index === 0 ? p.query : buttons[index - 1];
      } else if (event.key === "Home") {
        next = buttons[0];
      } else if (event.key === "End") {
        next = buttons[buttons.length - 1];
      } else if (event.key === "Escape") {
        next = p.query;
      }
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
    var clear = picker.querySelector("[data-picker-scope-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        setScope(picker, p, null);
        refresh(p.query);
        p.query.focus();
      });
    }
  }

  // htmx sends only named inputs; the search box has no name (so the surrounding form never
  // submits it), and this adds the query, the scope and the picker's limits to its requests.
  document.addEventListener("htmx:configRequest", function (event) {
    var query = event.detail.elt;
    if (!query || !query.hasAttribute || !query.hasAttribute("data-picker-query")) {
      return;
    }
    var picker = query.closest("[data-region-picker]");
    event.detail.parameters.q = query.value;
    event.detail.parameters.code = picker.dataset.within || "";
    event.detail.parameters.max_level = picker.dataset.maxLevel || "4";
    event.detail.parameters.field = query.dataset.field;
  });

  function initAll(root) {
    if (!window.htmx) {
      return; // no htmx: the plain code input and the step-by-step link remain
    }
    root = root || document;
    if (root.matches && root.matches("[data-region-picker]")) {
      init(root);
    }
    Array.prototype.forEach.call(root.querySelectorAll("[data-region-picker]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) {
      initAll(event.target);
    }
  });
})();
