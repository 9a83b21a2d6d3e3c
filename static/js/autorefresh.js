// Reload the page every N seconds while an element with data-autorefresh="N" is on it (for
// example a batch of certificate PDFs still rendering). A file, not inline: the CSP forbids inline script.
(function () {
  var el = document.querySelector("[data-autorefresh]");
  if (!el) { return; }
  var seconds = parseInt(el.getAttribute("data-autorefresh"), 10) || 5;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
}());
