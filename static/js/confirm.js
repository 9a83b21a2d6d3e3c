// Irreversible actions ask first. A form (or its submit button) with data-confirm="question" opens
// the page's <dialog id="konfirmasi">; "Ya, lanjutkan" submits with the same button, "Batal" does
// nothing. A file, not inline: the Content Security Policy forbids inline script.
(function () {
  var dialog = document.getElementById("konfirmasi");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var text = dialog.querySelector("[data-confirm-text]");
  var pending = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!question || form.getAttribute("data-confirmed") === "1") { return; }
    event.preventDefault();
    pending = { form: form, button: button };
    text.textContent = question;
    dialog.returnValue = "";
    dialog.showModal();
  });

  dialog.addEventListener("close", function () {
    var chosen = pending;
    pending = null;
    if (!chosen || dialog.returnValue !== "ya") { return; }
    chosen.form.setAttribute("data-confirmed", "1");
    if (chosen.button) { chosen.form.requestSubmit(chosen.button); } else { chosen.form.requestSubmit(); }
  });
}());
