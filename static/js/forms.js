// Forms that keep the user's work: after a validation error the first field in error takes the
// focus (not the page body), and a form marked data-warn-unsaved asks before the page is left with
// changes that were not saved. A file, not inline: the Content Security Policy forbids inline script.
(function () {
  var invalid = document.querySelector("main .is-invalid, main [aria-invalid='true']");
  if (invalid) {
    invalid.focus();
  } else {
    var errors = document.querySelector("main form .alert-danger, main form .errorlist");
    if (errors) { errors.setAttribute("tabindex", "-1"); errors.focus(); }
  }

  var dirty = false;
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    // Leaving through the form itself (save, upload, remove) keeps everything.
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
}());
