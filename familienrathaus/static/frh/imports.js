// Progress of an import (templates/core/imports/run.html): asks the server for the
// state every second and reloads the page once the check or the import is over.
// Without JavaScript the page has a link to refresh it.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-import-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-progress-text]");
  var lastAnnounced = 0;

  function show(state) {
    if (state.total && state.status === "checking") {
      bar.max = state.total;
      bar.value = state.done;
    } else {
      bar.removeAttribute("value");
    }
    // The text is a live region: change it only now and then, not with every row.
    var now = Date.now();
    if (state.text !== text.textContent && now - lastAnnounced > 5000) {
      text.textContent = state.text;
      lastAnnounced = now;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        if (!state.running) {
          window.location.reload();
          return;
        }
        show(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
