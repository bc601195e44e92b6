/* Back office: set a place's coordinates by clicking a map (progressive enhancement of the
 * latitude/longitude fields, which work without it). The map loads only on request. */
(function () {
  "use strict";
  if (typeof window.L === "undefined") { return; }
  var L = window.L;
  document.querySelectorAll(".frh-places-pin").forEach(function (box) {
    box.hidden = false;
    var lat = document.getElementById(box.getAttribute("data-lat-field"));
    var lon = document.getElementById(box.getAttribute("data-lon-field"));
    var load = box.querySelector(".frh-places-pin__load");
    var canvas = box.querySelector(".frh-places-pin__canvas");
    if (!lat || !lon || !load || !canvas) { return; }
    load.addEventListener("click", function () {
      load.hidden = true;
      canvas.hidden = false;
      var start = [parseFloat(lat.value) || 51.4, parseFloat(lon.value) || 7.19];
      var map = L.map(canvas).setView(start, lat.value ? 17 : 13);
      var attribution = document.createElement("div");
      attribution.textContent = box.getAttribute("data-attribution");
      L.tileLayer(box.getAttribute("data-tiles"), { attribution: attribution.innerHTML, maxZoom: 19 }).addTo(map);
      var marker = null;
      function place(latlng) {
        lat.value = latlng.lat.toFixed(6);
        lon.value = latlng.lng.toFixed(6);
        if (marker) { marker.setLatLng(latlng); }
        else {
          marker = L.marker(latlng, { draggable: true, title: box.getAttribute("data-label-marker"), alt: box.getAttribute("data-label-marker") }).addTo(map);
          marker.on("dragend", function () { place(marker.getLatLng()); });
        }
      }
      if (lat.value && lon.value) { place(L.latLng(start[0], start[1])); }
      map.on("click", function (event) { place(event.latlng); });
    });
  });
})();
