/* Refreshes the status of a guide build every two seconds, without reloading the page.
   Without JavaScript the page offers a "Refresh status" link instead. Only the short
   status line is a live region; the percentage changes silently. */
(function () {
  "use strict";
  var box = document.querySelector("[data-guide-status]");
  if (!box || !window.fetch || !window.DOMParser) { return; }
  var url = box.getAttribute("data-guide-status");
  var refresh = document.querySelector(".frh-build-status__refresh");
  if (refresh) { refresh.hidden = true; }

  function swap(fresh, name) {
    var current = box.querySelector('[data-part="' + name + '"]');
    var next = fresh.querySelector('[data-part="' + name + '"]');
    if (current && next && current.innerHTML !== next.innerHTML) {
      current.innerHTML = next.innerHTML;
    }
    if (current && next && next.hasAttribute("data-finished")) {
      current.setAttribute("data-finished", next.getAttribute("data-finished"));
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        swap(fresh, "announce");
        swap(fresh, "details");
        var details = box.querySelector('[data-part="details"]');
        if (details && details.getAttribute("data-finished") === "true") {
          if (refresh) { refresh.remove(); }
          return;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        if (refresh) { refresh.hidden = false; }  // fall back to the link
      });
  }
  window.setTimeout(poll, 2000);
})();
