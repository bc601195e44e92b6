// Refreshes the sending progress of an edition every few seconds (the page works without it).
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("nl-progress-bar");
  var status = document.querySelector("[data-progress-status]");
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        box.querySelectorAll("[data-count]").forEach(function (cell) {
          var key = cell.getAttribute("data-count");
          if (key in data) { cell.textContent = data[key]; }
        });
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + " %"; }
        if (status && data.status_label) { status.textContent = data.status_label; }
        // "scheduled": the page was loaded right after "Send", before the worker began.
        if (data.status === "sending" || data.status === "scheduled") {
          window.setTimeout(refresh, 3000);
        }
      })
      .catch(function () { /* try again with the next reload */ });
  }
  window.setTimeout(refresh, 3000);
})();
