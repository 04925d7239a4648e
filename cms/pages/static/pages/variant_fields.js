// Typing into a page variant's inherited field switches that field to "Override"
// (cms/pages/variant_fields.py): the choice stays explicit and visible before saving.
(function () {
  var FIELD = /^(variants-\d+)-(title|intro|body)(?:-|$)/;

  function fieldOf(element) {
    for (var node = element; node && node !== document; node = node.parentNode) {
      var key = (node.getAttribute && (node.getAttribute("name") || node.id)) || "";
      var match = FIELD.exec(key);
      if (match && !/_source$/.test(key)) return match;
    }
    return null;
  }

  function override(event) {
    var match = fieldOf(event.target);
    if (!match) return;
    var radio = document.querySelector(
      'input[name="' + match[1] + "-" + match[2] + '_source"][value="own"]'
    );
    if (radio && !radio.checked) radio.checked = true;
  }

  document.addEventListener("input", override, true);
  document.addEventListener("change", override, true);
})();
