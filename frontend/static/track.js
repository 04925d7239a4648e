/* Reports what visitors do to the frontend's /_track endpoint, which forwards it to the CMS
   (trackEvent) with the server key; the key never reaches the browser. Only for visitors who
   allowed personalization: the server renders data-tracking="on" for them alone, and checks again.
   No framework, no build step. Events: cta_click, download, form_submit, and any type named in a
   data-track attribute (for example a conversion: data-track="purchase"). */
(function () {
  "use strict";
  var body = document.body;
  if (!body || body.getAttribute("data-tracking") !== "on") return;

  var DOWNLOAD = /\.(pdf|zip|docx?|xlsx?|pptx?)([?#]|$)/i;
  var variantId = body.getAttribute("data-variant");

  function send(type, properties, value) {
    var payload = JSON.stringify({
      type: type,
      path: location.pathname,
      variantId: variantId || null,
      value: typeof value === "number" ? value : null,
      properties: properties || {}
    });
    // sendBeacon survives the navigation a click or a submit starts.
    if (navigator.sendBeacon && navigator.sendBeacon("/_track", new Blob([payload], {type: "application/json"}))) return;
    fetch("/_track", {method: "POST", body: payload, keepalive: true, credentials: "same-origin",
                      headers: {"Content-Type": "application/json"}}).catch(function () {});
  }

  window.tailorTrack = send;

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-track], a[href]") : null;
    if (!target) return;
    var href = target.getAttribute("href") || "";
    var type = target.getAttribute("data-track");
    if (!type && (target.hasAttribute("download") || DOWNLOAD.test(href))) type = "download";
    if (!type) return;
    var value = parseFloat(target.getAttribute("data-track-value"));
    send(type, {label: target.getAttribute("data-track-label") || target.textContent.trim().slice(0, 80), href: href},
         isNaN(value) ? null : value);
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-track-submit")) return;
    send(form.getAttribute("data-track-submit") || "form_submit", {form: form.getAttribute("name") || form.id || ""});
  }, true);
})();
