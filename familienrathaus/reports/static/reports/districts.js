/* Back office: draw a district's outline by clicking its corners on a map (progressive
 * enhancement of the GeoJSON field, which works without it). The map loads on request.
 * Corners: click to add, "undo last corner", "clear"; the field always holds the
 * current polygon as GeoJSON (empty with fewer than three corners). */
(function () {
  "use strict";
  if (typeof window.L === "undefined") { return; }
  var L = window.L;
  var box = document.querySelector(".frh-districts-draw");
  if (!box) { return; }
  var field = document.getElementById(box.getAttribute("data-field"));
  var load = box.querySelector(".frh-districts-draw__load");
  var tools = box.querySelector(".frh-districts-draw__tools");
  var canvas = box.querySelector(".frh-districts-draw__canvas");
  var status = box.querySelector(".frh-districts-draw__status");
  if (!field || !load || !canvas) { return; }
  box.hidden = false;
  var corners = []; // [lat, lng]

  function readField() {
    try {
      var g = JSON.parse(field.value);
      if (g.type === "Feature") { g = g.geometry; }
      var ring = g.type === "Polygon" ? g.coordinates[0] : (g.type === "MultiPolygon" ? g.coordinates[0][0] : null);
      if (!ring) { return []; }
      return ring.slice(0, -1).map(function (p) { return [p[1], p[0]]; });
    } catch (e) { return []; }
  }

  function writeField() {
    if (corners.length < 3) { field.value = ""; return; }
    var ring = corners.map(function (c) { return [Number(c[1].toFixed(6)), Number(c[0].toFixed(6))]; });
    ring.push(ring[0].slice());
    field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
  }

  function say() {
    status.textContent = corners.length ? box.getAttribute("data-status-count").replace("{count}", corners.length) : box.getAttribute("data-status-empty");
  }

  load.addEventListener("click", function () {
    load.hidden = true;
    canvas.hidden = false;
    tools.hidden = false;
    var map = L.map(canvas);
    var attribution = document.createElement("div");
    attribution.textContent = box.getAttribute("data-attribution");
    L.tileLayer(box.getAttribute("data-tiles"), { attribution: attribution.innerHTML, maxZoom: 19 }).addTo(map);
    var others = [];
    var data = document.getElementById("frh-district-others");
    if (data) { try { others = JSON.parse(data.textContent); } catch (e) { others = []; } }
    // The view first: Leaflet draws layers only on a map that has one.
    corners = readField();
    var otherBounds = null;
    others.forEach(function (o) {
      var b = L.geoJSON(o.outline).getBounds();
      otherBounds = otherBounds ? otherBounds.extend(b) : b;
    });
    if (corners.length) { map.fitBounds(L.latLngBounds(corners), { padding: [20, 20] }); }
    else if (box.getAttribute("data-centre")) {
      var c = box.getAttribute("data-centre").split(",");
      map.setView([parseFloat(c[0]), parseFloat(c[1])], 14);
    } else if (otherBounds) { map.fitBounds(otherBounds); }
    else { map.setView([51.4, 7.19], 12); }
    others.forEach(function (o) {
      L.geoJSON(o.outline, { style: { color: "#555", weight: 1, dashArray: "4 4", fillOpacity: 0.05 }, interactive: false }).addTo(map);
    });
    var shape = L.polygon([], { color: "#0b5394", weight: 3, fillOpacity: 0.2, interactive: false }).addTo(map);
    var dots = L.layerGroup().addTo(map);
    function draw(keepField) {
      shape.setLatLngs(corners);
      dots.clearLayers();
      corners.forEach(function (c) { L.circleMarker(c, { radius: 5, color: "#0b5394", fillOpacity: 1, interactive: false }).addTo(dots); });
      if (!keepField) { writeField(); } // the stored outline stays as it is until a corner changes
      say();
    }
    draw(true);
    if (canvas.scrollIntoView) { canvas.scrollIntoView({ block: "nearest" }); }
    map.on("click", function (event) { corners.push([event.latlng.lat, event.latlng.lng]); draw(); });
    tools.querySelector("[data-draw=undo]").addEventListener("click", function () { corners.pop(); draw(); });
    tools.querySelector("[data-draw=clear]").addEventListener("click", function () { corners = []; draw(); });
    field.addEventListener("change", function () { corners = readField(); draw(true); });
  });
})();
