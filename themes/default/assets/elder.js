// 长辈版 (elder mode): larger text, higher contrast, bigger targets. The choice stays on this device
// (localStorage) and is applied before the page is drawn, so pages do not flash at the small size.
(function () {
  "use strict";
  var KEY = "gongkai-elder";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function store(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "1"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage disabled: the switch still works for this page */ }
  }
  function apply(on) {
    root.classList.toggle("elder", on);
    var buttons = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () {
        var on = !root.classList.contains("elder");
        store(on);
        apply(on);
      });
    }
    apply(root.classList.contains("elder"));
  });
})();
