// What every map shares: the operator's optional tile layer (COMMONGROUND_TILE_URL, off by
// default: maps work offline), council names written on their shapes where they fit, text
// that is never read as HTML, and fitting the view to the data drawn.
(function () {
  "use strict";

  function tileConfig() {
    var meta = document.querySelector('meta[name="cg-map-tiles"]');
    return meta && meta.content ? { url: meta.content, attribution: meta.getAttribute("data-attribution") || "" } : null;
  }

  // A text node's worth of HTML: names typed by users go into tooltips as text, never markup.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }

  window.cgMaps = {
    text: text,

    hasTiles: function () { return tileConfig() !== null; },

    // Adds the tile layer when one is configured; returns whether it did.
    addTiles: function (map) {
      var t = tileConfig();
      if (!t) { return false; }
      L.tileLayer(t.url, { maxZoom: 19 }).addTo(map);
      if (t.attribution) {
        L.control.attribution({ prefix: false }).addAttribution(t.attribution).addTo(map);
      }
      return true;
    },

    // Shapes are opaque on a blank map, see-through over tiles.
    fillOpacity: function (blank) { return tileConfig() ? Math.min(blank, 0.45) : blank; },

    // A name at the middle of each shape of ``layer``, shown only while the shape is wide
    // enough on screen to hold it.
    labelShapes: function (map, layer, nameOf) {
      var labels = [];
      layer.eachLayer(function (shape) {
        if (!shape.getBounds || !shape.feature) { return; }
        var name = nameOf(shape.feature);
        if (!name) { return; }
        var bounds = shape.getBounds();
        var inner = text(name);
        inner.className = "map-label-text";
        var marker = L.marker(bounds.getCenter(), {
          icon: L.divIcon({ className: "map-label", html: inner, iconSize: [0, 0] }),
          interactive: false,
          keyboard: false
        }).addTo(map);
        labels.push({ marker: marker, bounds: bounds, width: 7 * String(name).length });
      });
      function cull() {
        labels.forEach(function (l) {
          var west = map.latLngToLayerPoint(l.bounds.getSouthWest());
          var east = map.latLngToLayerPoint(l.bounds.getNorthEast());
          var el = l.marker.getElement();
          if (el) { el.hidden = Math.abs(east.x - west.x) < Math.min(l.width, 90); }
        });
      }
      map.on("zoomend", cull);
      cull();
      return labels.length;
    },

    // Fit the map to ``bounds`` (L.LatLngBounds), never zooming in past ``maxZoom``.
    fit: function (map, bounds, maxZoom) {
      if (bounds && bounds.isValid()) {
        map.fitBounds(bounds, { padding: [12, 12], maxZoom: maxZoom || 13 });
        map.getContainer().setAttribute("data-zoom", String(map.getZoom()));
      }
    }
  };
})();
