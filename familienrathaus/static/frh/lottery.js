// Progress of a lottery run (templates/lottery/backoffice/run.html): asks the server
// for the state every second and reloads the page once the run or its confirmation is
// over. Without JavaScript the page has a button to refresh it.
(function () {
  "use strict";
  var box = document.querySelector("[data-lottery-progress]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-lottery-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-lottery-progress-text]");
  var lastAnnounced = 0;

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
        bar.value = state.progress;
        // A live region: announce only now and then.
        var now = Date.now();
        if (now - lastAnnounced > 5000) {
          text.textContent = state.text;
          lastAnnounced = now;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
