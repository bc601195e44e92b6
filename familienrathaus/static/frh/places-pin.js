/* Back office: set a place's coordinates by clicking a map (progressive enhancement of the
 * latitude/longitude fields, which work without it). The map loads only on request:
 * Leaflet's script (data-leaflet-js) is fetched on the first click of "Karte laden";
 * its stylesheet comes with the back-office bundle. */
(function () {
  "use strict";
  var leaflet = null; // promise of window.L, once asked for

  function loadLeaflet(url) {
    if (window.L) { return Promise.resolve(window.L); }
    if (!leaflet) {
      leaflet = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.addEventListener("load", function () { resolve(window.L); });
        script.addEventListener("error", function () {
          leaflet = null;
          script.remove();
          reject(new Error("could not load " + url));
        });
        document.head.appendChild(script);
      });
    }
    return leaflet;
  }

  function show(box, lat, lon, canvas, L) {
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
  }

  document.querySelectorAll(".frh-places-pin").forEach(function (box) {
    var lat = document.getElementById(box.getAttribute("data-lat-field"));
    var lon = document.getElementById(box.getAttribute("data-lon-field"));
    var load = box.querySelector(".frh-places-pin__load");
    var canvas = box.querySelector(".frh-places-pin__canvas");
    if (!lat || !lon || !load || !canvas) { return; }
    box.hidden = false;
    load.addEventListener("click", function () {
      load.setAttribute("aria-busy", "true");
      loadLeaflet(box.getAttribute("data-leaflet-js")).then(function (L) {
        load.hidden = true;
        show(box, lat, lon, canvas, L);
      }, function () {
        load.removeAttribute("aria-busy"); // the fields still work; the button may be tried again
      });
    });
  });
})();
