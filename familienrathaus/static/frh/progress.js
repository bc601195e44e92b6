// Progress of a background job (core.jobs), one script for every page that shows one.
// Each element with data-progress-url asks that address for
// {status, running, done, total, text} (core.jobs.progress_response) and shows it:
//   <progress>             done of total; no total: an activity without a count
//   [data-progress-text]   the text, a live region: changed at most every 5 seconds
//                          (inside the element, else the page's one)
//   [data-count="key"]     any further number of the answer, by its key
//   [data-progress-manual] the "refresh" link for pages without JavaScript: hidden
//                          while polling works, shown again when it fails
// Options: data-progress-every (milliseconds, default 1000); data-progress-end="stop"
// to stay on the page when the job is over (default: reload it to show the result).
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  var ANNOUNCE_EVERY = 5000;

  function watch(box) {
    var url = box.getAttribute("data-progress-url");
    var every = parseInt(box.getAttribute("data-progress-every"), 10) || 1000;
    var reload = box.getAttribute("data-progress-end") !== "stop";
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]") ||
      document.querySelector("[data-progress-text]");
    var manual = box.querySelector("[data-progress-manual]");
    var lastAnnounced = 0;
    if (manual) {
      manual.hidden = true;
    }

    function show(state) {
      if (bar) {
        if (state.total) {
          bar.max = state.total;
          bar.value = state.done;
          bar.textContent = Math.round((100 * state.done) / state.total) + " %";
        } else {
          bar.removeAttribute("value");
        }
      }
      Array.prototype.forEach.call(box.querySelectorAll("[data-count]"), function (cell) {
        var key = cell.getAttribute("data-count");
        if (key in state) {
          cell.textContent = state[key];
        }
      });
      var now = Date.now();
      if (text && state.text && state.text !== text.textContent &&
          now - lastAnnounced > ANNOUNCE_EVERY) {
        text.textContent = state.text;
        lastAnnounced = now;
      }
    }

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (state) {
          if (!state.running) {
            if (reload) {
              window.location.reload();
            } else {
              show(state);
            }
            return;
          }
          show(state);
          window.setTimeout(poll, every);
        })
        .catch(function () {
          if (manual) {
            manual.hidden = false;
          }
          window.setTimeout(poll, every * 5);
        });
    }

    window.setTimeout(poll, every);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-progress-url]"), watch);
})();
