/* The map of family places (Leaflet + markercluster, served by this site).
 * Two-click and light: the page carries neither Leaflet's script nor its stylesheets.
 * They are fetched (from this site) only when the visitor clicks "Karte laden", or at
 * once when they chose to always load the map on this device (remembered in
 * localStorage); only then does the browser ask the tile server for map pictures.
 * The list below the map is plain HTML and works without any of this.
 * Markers are keyboard-focusable (Leaflet's keyboard option) and named by their place. */
(function () {
  "use strict";
  var STORAGE_KEY = "frh-places-map";
  var canvas = document.getElementById("places-map");
  var button = document.getElementById("places-map-load");
  var remember = document.getElementById("places-map-remember");
  var consent = document.getElementById("places-map-consent");
  var status = document.getElementById("places-map-status");
  if (!canvas || !button) { return; }
  var state = "idle"; // idle → loading → shown

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
  function say(text) { if (status) { status.textContent = text || ""; } }

  /* ------------------------------------------------------------ loading Leaflet */

  var pending = {}; // URL → promise of its element's load

  function inject(url, make) {
    if (!url) { return Promise.reject(new Error("no URL")); }
    if (!pending[url]) {
      pending[url] = new Promise(function (resolve, reject) {
        var element = make(url);
        element.addEventListener("load", resolve);
        element.addEventListener("error", function () {
          delete pending[url];
          element.remove();
          reject(new Error("could not load " + url));
        });
        document.head.appendChild(element);
      });
    }
    return pending[url];
  }
  function stylesheet(url) {
    return inject(url, function (href) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      return link;
    });
  }
  function script(url) {
    return inject(url, function (src) {
      var element = document.createElement("script");
      element.src = src;
      return element;
    });
  }

  /* Leaflet's and markercluster's stylesheets and scripts, all from data-leaflet-*
   * (static URLs, hashed in production); resolves with Leaflet once all are in.
   * markercluster needs Leaflet, so it is asked for only once Leaflet has run. */
  function leaflet() {
    function url(name) { return canvas.getAttribute("data-leaflet-" + name); }
    return Promise.all([
      stylesheet(url("css")), stylesheet(url("cluster-css")), stylesheet(url("cluster-theme-css")),
      script(url("js")).then(function () { return script(url("cluster-js")); })
    ]).then(function () {
      if (!window.L || typeof window.L.markerClusterGroup !== "function") {
        throw new Error("Leaflet did not start");
      }
      return window.L;
    });
  }

  /* ------------------------------------------------------------------ the map */

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

  function popup(properties) {
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var wrap = document.createElement("div");
    wrap.appendChild(link);
    return wrap;
  }

  function draw(L) {
    function markerIcon(iconName, label) {
      return L.divIcon({
        className: "frh-places-marker",
        html: '<img src="' + iconBase + iconName + '.svg" alt="' + escapeHtml(label) + '" width="32" height="32">',
        iconSize: [32, 32],
        iconAnchor: [16, 16],
        popupAnchor: [0, -14]
      });
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

    var map = L.map(canvas, { keyboard: true, scrollWheelZoom: false });
    // Leaflet places its controls by physical side; on a right-to-left page (Arabic)
    // they are mirrored: zoom top right, attribution bottom left, layers top left.
    var rtl = window.getComputedStyle(canvas).direction === "rtl";
    var start = rtl ? "right" : "left";
    var end = rtl ? "left" : "right";
    map.zoomControl.setPosition("top" + start);
    map.attributionControl.setPosition("bottom" + end);
    map.getContainer().setAttribute("aria-label", canvas.getAttribute("data-label-map"));
    L.tileLayer(canvas.getAttribute("data-tiles"), {
      attribution: escapeHtml(canvas.getAttribute("data-attribution")),
      maxZoom: 19
    }).addTo(map);
    map.setView([51.4, 7.19], 13);
    var control = L.control.layers(null, {}, { collapsed: false, position: "top" + end }).addTo(map);
    var places = layerFrom(canvas.getAttribute("data-geojson"), function (p) {
      return icons[(p.kinds || [])[0]] || "pin";
    }, true);
    var offers = layerFrom(canvas.getAttribute("data-offers"), function () { return "offer"; }, true);
    var events = layerFrom(canvas.getAttribute("data-events"), function () { return "event"; }, true);
    // Fetched side by side, listed in the same order every time: places, offers, events.
    places.then(function (result) {
      result.group.addTo(map);
      control.addOverlay(result.group, canvas.getAttribute("data-label-places"));
      if (result.bbox) {
        map.fitBounds([[result.bbox[1], result.bbox[0]], [result.bbox[3], result.bbox[2]]], { padding: [20, 20] });
      }
      return offers;
    }).then(function (result) {
      control.addOverlay(result.group, canvas.getAttribute("data-label-offers"));
      return events;
    }).then(function (result) {
      control.addOverlay(result.group, canvas.getAttribute("data-label-events"));
    });
  }

  function show(focus) {
    if (state !== "idle") { return; }
    state = "loading";
    button.setAttribute("aria-busy", "true");
    say(status && status.getAttribute("data-message-loading"));
    leaflet().then(function (L) {
      state = "shown";
      button.removeAttribute("aria-busy");
      if (consent) { consent.hidden = true; }
      canvas.hidden = false;
      canvas.tabIndex = -1; // focusable now; Leaflet makes it a tab stop (0)
      draw(L);
      say("");
      if (focus) { canvas.focus(); }
    }, function () {
      state = "idle";
      button.removeAttribute("aria-busy");
      say(status && status.getAttribute("data-message-failed"));
    });
  }

  button.addEventListener("click", function () {
    if (remember && remember.checked) { store(true); }
    show(true);
  });
  if (stored()) { show(false); }
})();
