// Density map: councils coloured by density band and named where they fit, over the
// operator's tiles if configured (maps.js; none by default: works offline). The same figures
// are in the table under the map.
(function () {
  "use strict";
  var COLOURS = { "-1": "#bfc3cc", "0": "#eceef3", "1": "#fde0c5", "2": "#f9b98a", "3": "#c990c0", "4": "#8a5aa6", "5": "#4b2170" };

  function init() {
    var el = document.querySelector("[data-density-map]");
    var node = document.getElementById("density-map-data");
    if (!el || !node || typeof L === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
    map.setView([53.7, -2.6], 8);
    window.cgMaps.addTiles(map);
    fetch(data.geojson, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (geojson) { draw(map, el, geojson, data); })
      .catch(function () {
        el.classList.add("map-failed");
        el.textContent = "The map could not be loaded; the table below has the same figures.";
      });
  }

  function style(feature) {
    return {
      color: "#44475a", weight: 1, fillColor: COLOURS[String(feature.properties.band)] || COLOURS["0"],
      fillOpacity: window.cgMaps.fillOpacity(0.9)
    };
  }

  function draw(map, el, geojson, data) {
    var layer = L.geoJSON(geojson, {
      style: style,
      pointToLayer: function (feature, latlng) { var s = style(feature); s.radius = 10; return L.circleMarker(latlng, s); },
      onEachFeature: function (feature, lyr) {
        var p = feature.properties;
        lyr.bindTooltip(window.cgMaps.text(
          p.name + ": " + p.density + " (" + p.members + " members / ~" + p.workforce.toLocaleString() + ")"
        ), { sticky: true });
        lyr.on("click", function () { window.location.href = data.table_url.replace("__CODE__", p.code); });
      }
    }).addTo(map);
    window.cgMaps.fit(map, layer.getBounds(), 11);
    el.setAttribute("data-labels", String(window.cgMaps.labelShapes(map, layer, function (f) {
      return f.properties.name;
    })));
    el.setAttribute("data-features", String(geojson.features.length));
    el.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
