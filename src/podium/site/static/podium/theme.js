/* Podium: light or dark before the page paints. Loaded in <head>, without defer, so the page
   never flashes the wrong colours. The choice ("system", "light" or "dark") is kept in this
   browser; "system" follows the operating system and changes with it. */
(function () {
  "use strict";
  var KEY = "podium-theme";
  var query = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function choice() {
    try {
      var stored = window.localStorage.getItem(KEY);
      return stored === "light" || stored === "dark" ? stored : "system";
    } catch (e) {
      return "system";
    }
  }

  function apply() {
    var wanted = choice();
    var dark = wanted === "dark" || (wanted === "system" && query !== null && query.matches);
    document.documentElement.setAttribute("data-bs-theme", dark ? "dark" : "light");
    document.documentElement.setAttribute("data-theme-choice", wanted);
  }

  window.podiumTheme = {
    KEY: KEY,
    choice: choice,
    apply: apply,
    set: function (value) {
      try {
        if (value === "system") {
          window.localStorage.removeItem(KEY);
        } else {
          window.localStorage.setItem(KEY, value);
        }
      } catch (e) {
        /* private mode: the choice lasts for this page only */
      }
      apply();
    },
  };
  if (query !== null && query.addEventListener) {
    query.addEventListener("change", apply);
  }
  apply();
})();
