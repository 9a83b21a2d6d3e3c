// The written test (FR.IA.05, with FR.IA.06 essays): each choice is posted as it is made and each
// essay a moment after the candidate stops typing, so a dropped connection or a reload loses nothing; the countdown only displays the server's clock (the server refuses answers
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

  var typing = {};

  function send(key, value) {
    // key: "<question pk>" for a choice, "e<question pk>" for an essay text.
    var essay = key.charAt(0) === "e";
    var fields = { question: essay ? key.slice(1) : key };
    fields[essay ? "text" : "choice"] = value;
    var body = new URLSearchParams(fields);
    state.textContent = "Menyimpan…";
    fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok && result.data.saved) {
        if (pending[key] === value) { delete pending[key]; }
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
    Object.keys(pending).forEach(function (key) { send(key, pending[key]); });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || !input.hasAttribute("data-question")) { return; }
    var question = input.getAttribute("data-question");
    pending[question] = input.value;
    send(question, input.value);
  });
  form.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.hasAttribute("data-essay")) { return; }
    var key = "e" + area.getAttribute("data-essay");
    pending[key] = area.value;
    state.textContent = "Mengetik…";
    window.clearTimeout(typing[key]);
    typing[key] = window.setTimeout(function () { send(key, area.value); }, 800);
  });
  window.addEventListener("online", retry);
  show();
}());
