// Charter map: councils coloured by their status on one charter and named where they fit.
// Data comes from our own GeoJSON view (data-geojson); the operator's tiles go under it if
// configured (maps.js; none by default: works offline). The view fits the councils that have
// been approached, so a city region is not lost in the whole region.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("charter-map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: false, zoomSnap: 0.25 });
    window.cgMaps.addTiles(map);
    map.setView([54.0, -2.6], 8);
    fetch(el.dataset.geojson, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) { draw(map, el, data); })
      .catch(function () {
        el.classList.add("map-failed");
        el.textContent = "The map could not be loaded; the table below has the same data.";
      });
  }

  function styleFor(feature) {
    var p = feature.properties;
    return {
      color: "#333", weight: 1, fillColor: p.colour, fillOpacity: window.cgMaps.fillOpacity(0.8),
      className: "council status-" + p.status
    };
  }

  function draw(map, el, data) {
    var layer = L.geoJSON(data, {
      style: styleFor,
      pointToLayer: function (feature, latlng) {
        var s = styleFor(feature);
        s.radius = 9;
        return L.circleMarker(latlng, s);
      },
      onEachFeature: function (feature, lyr) {
        var p = feature.properties;
        var box = document.createElement("div");
        var title = document.createElement(p.url ? "a" : "strong");
        title.textContent = p.name;
        if (p.url) { title.href = p.url; }
        box.appendChild(title);
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(p.status_label + (p.since_label ? " (" + p.since_label + ")" : "")));
        lyr.bindPopup(box);
        lyr.bindTooltip(window.cgMaps.text(p.name + ": " + p.status_label));
      }
    }).addTo(map);
    map.invalidateSize();
    var approached = L.latLngBounds([]);
    layer.eachLayer(function (lyr) {
      if (lyr.feature.properties.status !== "not_approached") {
        approached.extend(lyr.getBounds ? lyr.getBounds() : lyr.getLatLng());
      }
    });
    window.cgMaps.fit(map, approached.isValid() ? approached : layer.getBounds(), 11);
    el.dataset.labels = String(window.cgMaps.labelShapes(map, layer, function (f) {
      return f.properties.name;
    }));
    el.dataset.features = String(data.features.length);
    var unplaced = document.getElementById("charter-map-unplaced");
    if (unplaced && data.unplaced && data.unplaced.length) {
      unplaced.textContent = el.dataset.unplacedLabel + " " + data.unplaced.join(", ");
    }
    el.classList.add("map-ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else { init(); }
})();
