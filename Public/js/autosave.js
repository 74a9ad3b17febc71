// Progressive enhancement for long forms marked data-autosave: the draft is saved a few seconds after
// the practitioner stops typing, so nothing is lost if the tab closes. Without JavaScript every
// "Save and continue" saves the page, so the form works the same, just without the background saves.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-autosave]");
  Array.prototype.forEach.call(forms, function (form) {
    var status = document.getElementById(form.getAttribute("data-autosave"));
    var timer = null;
    var saving = false;
    var pending = false;

    function say(text) {
      if (status) { status.textContent = text; }
    }

    function save() {
      if (saving) { pending = true; return; }
      saving = true;
      var body = new URLSearchParams(new FormData(form));
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Autosave": "1", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (json) { return { ok: response.ok, json: json }; });
      }).then(function (result) {
        if (result.ok && typeof result.json.version === "number") {
          form.querySelector("input[name='version']").value = String(result.json.version);
          say("Draft saved at " + new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) + ".");
        } else {
          say(result.json.detail || "The draft could not be saved. Use Save and continue.");
        }
      }).catch(function () {
        say("The draft could not be saved automatically. Use Save and continue.");
      }).then(function () {
        saving = false;
        if (pending) { pending = false; save(); }
      });
    }

    // A "Save and continue" must not race a background save: cancel the timer, and if a save is in
    // flight, submit once it has returned (with the version it produced).
    var submitting = false;
    form.addEventListener("submit", function (event) {
      if (timer) { clearTimeout(timer); timer = null; }
      if (saving && !submitting) {
        event.preventDefault();
        submitting = true;
        pending = false;
        var wait = setInterval(function () {
          if (!saving) { clearInterval(wait); form.submit(); }
        }, 100);
      }
    });

    form.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 3000);
    });
  });
})();
