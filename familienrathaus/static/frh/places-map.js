/* The map of family places (Leaflet + markercluster, served by this site).
 * Two-click: nothing is loaded from the tile server until the visitor clicks "Karte laden"
 * (or chose to always load it on this device, remembered in localStorage).
 * Markers are keyboard-focusable (Leaflet's keyboard option) and named by their place. */
(function () {
  "use strict";
  var STORAGE_KEY = "frh-places-map";
  var canvas = document.getElementById("places-map");
  var button = document.getElementById("places-map-load");
  var remember = document.getElementById("places-map-remember");
  if (!canvas || !button || typeof window.L === "undefined") { return; }
  var L = window.L;
  var loaded = false;

  document.querySelectorAll(".frh-places-map .frh-places-js-only").forEach(function (el) { el.hidden = false; });

  function stored() {
    try { return window.localStorage.getItem(STORAGE_KEY) === "always"; } catch (e) { return false; }
  }
  function store(always) {
    try {
      if (always) { window.localStorage.setItem(STORAGE_KEY, "always"); }
      else { window.localStorage.removeItem(STORAGE_KEY); }
    } catch (e) { /* private mode: nothing to remember */ }
  }
  if (remember) {
    remember.checked = stored();
    remember.addEventListener("change", function () { store(remember.checked); });
  }

  var icons = {};
  canvas.querySelectorAll("[data-kind]").forEach(function (item) {
    icons[item.getAttribute("data-kind")] = item.getAttribute("data-icon");
  });
  var iconBase = canvas.getAttribute("data-icons");

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function markerIcon(iconName, label) {
    return L.divIcon({
      className: "frh-places-marker",
      html: '<img src="' + iconBase + iconName + '.svg" alt="' + escapeHtml(label) + '" width="32" height="32">',
      iconSize: [32, 32],
      iconAnchor: [16, 16],
      popupAnchor: [0, -14]
    });
  }

  function popup(properties) {
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var wrap = document.createElement("div");
    wrap.appendChild(link);
    return wrap;
  }

  function layerFrom(url, iconFor, clustered) {
    var group = clustered ? L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        return L.divIcon({
          className: "marker-cluster frh-places-cluster",
          html: "<div><span>" + count + '<span class="frh-places-sr"> ' +
            escapeHtml(canvas.getAttribute("data-label-cluster")) + "</span></span></div>",
          iconSize: [40, 40]
        });
      }
    }) : L.layerGroup();
    return fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        data.features.forEach(function (feature) {
          var c = feature.geometry.coordinates;
          var name = feature.properties.name;
          var marker = L.marker([c[1], c[0]], {
            icon: markerIcon(iconFor(feature.properties), name),
            title: name,
            alt: name,
            keyboard: true
          });
          marker.bindPopup(popup(feature.properties));
          group.addLayer(marker);
        });
        return { group: group, bbox: data.bbox };
      });
  }

  function load() {
    if (loaded) { return; }
    loaded = true;
    canvas.hidden = false;
    var consent = document.getElementById("places-map-consent");
    if (consent) { consent.hidden = true; }
    var map = L.map(canvas, { keyboard: true, scrollWheelZoom: false });
    map.getContainer().setAttribute("aria-label", canvas.getAttribute("data-label-map"));
    L.tileLayer(canvas.getAttribute("data-tiles"), {
      attribution: escapeHtml(canvas.getAttribute("data-attribution")),
      maxZoom: 19
    }).addTo(map);
    map.setView([51.4, 7.19], 13);
    var overlays = {};
    var control = L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    layerFrom(canvas.getAttribute("data-geojson"), function (p) {
      return icons[(p.kinds || [])[0]] || "pin";
    }, true).then(function (result) {
      result.group.addTo(map);
      control.addOverlay(result.group, canvas.getAttribute("data-label-places"));
      if (result.bbox) {
        map.fitBounds([[result.bbox[1], result.bbox[0]], [result.bbox[3], result.bbox[2]]], { padding: [20, 20] });
      }
    });
    layerFrom(canvas.getAttribute("data-offers"), function () { return "offer"; }, true).then(function (result) {
      control.addOverlay(result.group, canvas.getAttribute("data-label-offers"));
    });
    layerFrom(canvas.getAttribute("data-events"), function () { return "event"; }, true).then(function (result) {
      control.addOverlay(result.group, canvas.getAttribute("data-label-events"));
    });
  }

  button.addEventListener("click", function () {
    if (remember && remember.checked) { store(true); }
    load();
    canvas.focus();
  });
  if (stored()) { load(); }
})();
