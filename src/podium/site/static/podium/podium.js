/* Podium: what the pages need a script for. Everything here improves a page that already
   works without it: menus are <details> elements, forms post without htmx.
   - menus: one open at a time, closed by Escape or a click outside, arrow keys move through them;
   - the appearance switch in the user menu (system, light, dark; see theme.js);
   - toasts for what an htmx request reports (the "podium:toast" event of HX-Trigger);
   - copy buttons (`data-copy="<id of the element whose text to copy>"`), hidden without it. */
(function () {
  "use strict";

  function menus() {
    return Array.prototype.slice.call(document.querySelectorAll("details.dropdown"));
  }

  function closeAll(except) {
    menus().forEach(function (menu) {
      if (menu !== except && menu.open) {
        menu.open = false;
      }
    });
  }

  function items(menu) {
    return Array.prototype.slice.call(
      menu.querySelectorAll(".dropdown-menu a, .dropdown-menu button:not([hidden])")
    ).filter(function (el) {
      return el.offsetParent !== null;
    });
  }

  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches("details.dropdown") && menu.open) {
      closeAll(menu);
    }
  }, true);

  document.addEventListener("click", function (event) {
    var inside = event.target.closest ? event.target.closest("details.dropdown") : null;
    closeAll(inside);
  });

  document.addEventListener("keydown", function (event) {
    var menu = event.target.closest ? event.target.closest("details.dropdown") : null;
    if (!menu) {
      return;
    }
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
      event.preventDefault();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
      return;
    }
    if (!menu.open) {
      menu.open = true;
    }
    var list = items(menu);
    if (!list.length) {
      return;
    }
    var at = list.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (at === -1) {
      next = event.key === "ArrowDown" ? 0 : list.length - 1;
    }
    list[(next + list.length) % list.length].focus();
    event.preventDefault();
  });

  function showThemeChoice() {
    var current = window.podiumTheme ? window.podiumTheme.choice() : "system";
    document.querySelectorAll("[data-theme-choice]").forEach(function (button) {
      if (button.tagName === "BUTTON") {
        button.setAttribute("aria-pressed", String(button.dataset.themeChoice === current));
        button.classList.toggle("active", button.dataset.themeChoice === current);
      }
    });
  }

  function toast(message, level) {
    var box = document.getElementById("toasts");
    if (!box) {
      return;
    }
    var item = document.createElement("div");
    item.className = "toast show toast-" + (level === "error" ? "danger" : level || "info");
    item.setAttribute("role", level === "error" ? "alert" : "status");
    var body = document.createElement("div");
    body.className = "toast-body";
    body.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () {
      item.remove();
    });
    item.appendChild(body);
    item.appendChild(close);
    box.appendChild(item);
    window.setTimeout(function () {
      item.remove();
    }, level === "error" ? 12000 : 6000);
  }

  document.addEventListener("podium:toast", function (event) {
    var detail = event.detail || {};
    (detail.toasts || []).forEach(function (t) {
      toast(t.message, t.level);
    });
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain HTTP off loopback has no clipboard API: copy the selected text the old way.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.dataset.copy);
      if (!source) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source.textContent.trim()).then(function () {
          button.textContent = button.dataset.copiedLabel || "Copied";
          toast("Copied to the clipboard.", "success");
        }, function () {
          toast("The browser did not allow copying: select the text and copy it.", "error");
        });
      });
    });
    document.querySelectorAll("[data-theme-switch]").forEach(function (box) {
      box.hidden = false;
    });
    document.querySelectorAll("button[data-theme-choice]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.podiumTheme.set(button.dataset.themeChoice);
        showThemeChoice();
      });
    });
    showThemeChoice();
  });
})();
