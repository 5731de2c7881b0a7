// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Focus the main region after an htmx swap that replaced it, for screen-reader users.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-focus-after-swap")) {
      target.focus();
    }
  });
})();
