/* The gap report's optional city map ("Stadtplan laden"): Leaflet, served by this site,
 * with the district outlines coloured as in the SVG map above. Nothing is loaded from
 * the tile server before the button is pressed; the page is complete without it. */
(function () {
  "use strict";
  var canvas = document.getElementById("gaps-citymap");
  var button = document.getElementById("gaps-citymap-load");
  var data = document.getElementById("gaps-features");
  if (!canvas || !button || !data || typeof window.L === "undefined") { return; }
  var L = window.L;
  document.querySelectorAll(".frh-gaps__js-only").forEach(function (el) { el.hidden = false; });

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    canvas.hidden = false;
    var map = L.map(canvas, { keyboard: true, scrollWheelZoom: false });
    map.getContainer().setAttribute("aria-label", canvas.getAttribute("data-label-map"));
    L.tileLayer(canvas.getAttribute("data-tiles"), {
      attribution: escapeHtml(canvas.getAttribute("data-attribution")),
      maxZoom: 19
    }).addTo(map);
    var collection = JSON.parse(data.textContent);
    var layer = L.geoJSON(collection, {
      style: function (feature) {
        var p = feature.properties;
        return {
          color: p.zero ? "#9b1c1c" : "#1a1a1a",
          weight: p.zero || p.weakest ? 3 : 1,
          dashArray: p.zero ? "6 3" : null,
          fillColor: p.fill,
          fillOpacity: 0.6
        };
      },
      onEachFeature: function (feature, item) {
        item.bindTooltip(escapeHtml(feature.properties.title), { sticky: true });
        item.bindPopup(escapeHtml(feature.properties.title));
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); }
    button.closest("p").hidden = true;
  });
})();
