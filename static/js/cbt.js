// The written test (FR.IA.05): each choice is posted as it is made, so a dropped connection or a
// reload loses nothing; the countdown only displays the server's clock (the server refuses answers
// after its deadline and closes the test). Without JavaScript the page is a plain form.
// A file, not inline: the Content Security Policy forbids inline script.
(function () {
  var form = document.getElementById("cbt-form");
  if (!form) { return; }
  var url = form.getAttribute("data-save-url");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var state = document.getElementById("cbt-save-state");
  var answered = document.getElementById("cbt-answered");
  var timer = document.getElementById("cbt-timer");
  var left = parseInt(timer.getAttribute("data-seconds-left"), 10) || 0;
  var endsAt = Date.now() + left * 1000;
  var pending = {};

  function show() {
    var seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var minutes = Math.floor(seconds / 60);
    timer.textContent = minutes + " menit " + (seconds % 60) + " detik";
    if (seconds <= 0) { window.location.reload(); return; }
    window.setTimeout(show, 1000);
  }

  function send(question, choice) {
    var body = new URLSearchParams({ question: question, choice: choice });
    state.textContent = "Menyimpan…";
    fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok && result.data.saved) {
        delete pending[question];
        state.textContent = "Jawaban tersimpan";
        answered.textContent = result.data.answered;
        endsAt = Date.now() + result.data.seconds_left * 1000;
      } else {
        state.textContent = result.data.message || "Jawaban belum tersimpan";
        if (result.data.closed) { window.location.reload(); }
      }
    }).catch(function () {
      // Offline: keep the choice and try again; the radio button stays checked on the page.
      state.textContent = "Koneksi terputus; jawaban dikirim ulang otomatis";
      window.setTimeout(retry, 3000);
    });
  }

  function retry() {
    Object.keys(pending).forEach(function (question) { send(question, pending[question]); });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || !input.hasAttribute("data-question")) { return; }
    var question = input.getAttribute("data-question");
    pending[question] = input.value;
    send(question, input.value);
  });
  window.addEventListener("online", retry);
  show();
}());
