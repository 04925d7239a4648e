/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }
  // "Why am I seeing this?" links and #why after a declaration open the panel.
  function openWhy() {
    if (location.hash !== "#why") return;
    var details = document.querySelector("#why details");
    if (details) { details.open = true; details.querySelector("summary").focus(); }
  }
  window.addEventListener("hashchange", openWhy);
  openWhy();
})();
