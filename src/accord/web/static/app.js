// Accord's web app: live assessment beside the form. Plain JavaScript, no build step.
// Without JavaScript every button submits the form and the server answers with a full page.
(function () {
  "use strict";
  var form = document.getElementById("proposal-form");
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  if (!form) { return; }
  var panel = document.getElementById("assessment");
  var status = document.getElementById("live-status");
  var timer = null;
  var pending = null;
  var DELAY = 250; // milliseconds of quiet in typing before the assessment is fetched again

  function fields() {
    var data = new FormData(form);
    data.delete("proposal_file");
    return data;
  }

  function update() {
    if (pending) { pending.abort(); }
    var controller = new AbortController();
    pending = controller;
    panel.setAttribute("aria-busy", "true");
    fetch("/fragment", { method: "POST", body: fields(), signal: controller.signal, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error("status " + r.status); }
        return r.text();
      })
      .then(function (html) {
        if (pending !== controller) { return; }
        pending = null;
        var open = {};  // keep open the risks the reader had opened, and the panel's scroll
        var opened = panel.querySelectorAll("details.risk[open]");
        for (var i = 0; i < opened.length; i++) { open[opened[i].getAttribute("data-risk")] = true; }
        var scroller = panel.parentNode;
        var top = scroller.scrollTop;
        panel.innerHTML = html;  // the server escapes everything it puts in this fragment
        var risks = panel.querySelectorAll("details.risk");
        for (var j = 0; j < risks.length; j++) {
          if (open[risks[j].getAttribute("data-risk")]) { risks[j].open = true; }
        }
        scroller.scrollTop = top;
        panel.setAttribute("aria-busy", "false");
        panel.setAttribute("data-updates", String(Number(panel.getAttribute("data-updates") || "0") + 1));
        var call = panel.querySelector(".call-label");
        status.textContent = "Assessment updated" + (call ? ": " + call.textContent : ".");
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        panel.setAttribute("aria-busy", "false");
        status.textContent = "The assessment could not be updated; press Assess the proposal.";
      });
  }

  // Text is assessed once typing pauses; a choice (radio, checkbox, list) at once.
  function typed(event) {
    var t = event.target;
    if (!t || t.id === "proposal_file" || t.type === "radio" || t.type === "checkbox" || t.tagName === "SELECT") { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY);
  }

  function chosen(event) {
    var t = event.target;
    if (!t || !(t.type === "radio" || t.type === "checkbox" || t.tagName === "SELECT")) { return; }
    window.clearTimeout(timer);
    update();
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", chosen);

  // "What would change this advice": set the fact in the form, then update.
  panel.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[name=set]") : null;
    if (!button) { return; }
    var parts = button.value.split("=");
    var name = "f." + parts[0];
    var value = parts.slice(1).join("=");
    var inputs = form.querySelectorAll("input");
    var found = null;
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.name !== name) { continue; }
      if (input.type === "checkbox") {
        input.checked = input.value === value;
        if (input.checked) { found = input; }
      } else if (input.type === "radio") {
        if (input.value === value) { input.checked = true; found = input; }
      } else {
        input.value = value;
        found = input;
      }
    }
    if (!found) { return; }  // let the form submit; the server sets it
    event.preventDefault();
    found.focus();  // the answer just set, so keyboard users keep their place
    window.clearTimeout(timer);
    update();
  });
})();
