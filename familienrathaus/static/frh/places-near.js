/* "In meiner Nähe": sorts the list of places by the distance from the visitor's position.
 * The position comes from the browser's geolocation and never leaves this page: the
 * distances are computed here, nothing is sent to the server. */
(function () {
  "use strict";
  var button = document.getElementById("places-near");
  var list = document.getElementById("places-list");
  var status = document.getElementById("places-near-status");
  if (!button || !("geolocation" in navigator)) { return; }
  button.closest(".frh-places-js-only").hidden = false;

  function distance(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371000 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function label(metres) {
    var lang = document.documentElement.lang || "de";
    if (metres < 1000) { return Math.round(metres / 10) * 10 + " m"; }
    return (metres / 1000).toLocaleString(lang, { maximumFractionDigits: 1 }) + " km";
  }

  function sort(position) {
    if (!list) { return; }
    var lat = position.coords.latitude;
    var lon = position.coords.longitude;
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item) {
      var plat = parseFloat(item.getAttribute("data-lat"));
      var plon = parseFloat(item.getAttribute("data-lon"));
      var metres = isNaN(plat) || isNaN(plon) ? Infinity : distance(lat, lon, plat, plon);
      item.setAttribute("data-distance", String(metres));
      var out = item.querySelector(".frh-place-card__distance");
      if (out && metres !== Infinity) {
        out.textContent = "· " + button.getAttribute("data-label-distance") + ": " + label(metres);
        out.hidden = false;
      }
    });
    items.sort(function (a, b) {
      return parseFloat(a.getAttribute("data-distance")) - parseFloat(b.getAttribute("data-distance"));
    });
    items.forEach(function (item) { list.appendChild(item); });
    status.textContent = button.getAttribute("data-message-sorted");
  }

  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-message-wait");
    navigator.geolocation.getCurrentPosition(sort, function () {
      status.textContent = button.getAttribute("data-message-denied");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });
})();
