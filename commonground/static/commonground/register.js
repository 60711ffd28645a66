// Register maps: council shapes (named where they fit) and care locations, with the
// operator's tiles under them if configured (maps.js; off by default, works offline). Points
// are clustered on a pixel grid when zoomed out (no plugin: a small grid clusterer).
(function () {
  "use strict";

  var CELL = 64; // px: points closer than this at the current zoom share a cluster
  var CLUSTER_UNTIL_ZOOM = 14; // from this zoom on, every point is drawn on its own

  function readData() {
    var node = document.getElementById("register-map-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function getJSON(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status === 200) { done(JSON.parse(xhr.responseText)); }
    };
    xhr.send();
  }

  function newMap(el) {
    var map = L.map(el, { zoomSnap: 0.5, attributionControl: false, preferCanvas: true });
    map.setView([53.6, -2.6], 8);
    window.cgMaps.addTiles(map);
    return map;
  }

  function shapeLayer(map, geojson, councilUrl) {
    var layer = L.geoJSON(geojson, {
      style: {
        color: "#5b5f66", weight: 1, fillColor: "#f4f1ea",
        fillOpacity: window.cgMaps.fillOpacity(0.9)
      },
      onEachFeature: function (feature, lyr) {
        lyr.bindTooltip(window.cgMaps.text(feature.properties.name), { sticky: true });
        if (councilUrl) {
          lyr.on("click", function () {
            window.location.href = councilUrl.replace("__CODE__", feature.properties.code);
          });
        }
      }
    }).addTo(map);
    return layer;
  }

  // Grid clustering: bucket projected points by CELL-sized squares at the current zoom.
  function Clusterer(map, features, locationUrl) {
    this.map = map;
    this.points = features.map(function (f) {
      return { latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]), p: f.properties };
    });
    this.url = locationUrl;
    this.layer = L.layerGroup().addTo(map);
    var self = this;
    map.on("zoomend moveend", function () { self.draw(); });
  }

  Clusterer.prototype.draw = function () {
    var map = this.map, zoom = map.getZoom(), url = this.url;
    var bounds = map.getBounds().pad(0.25);
    this.layer.clearLayers();
    var cells = {};
    this.points.forEach(function (pt) {
      if (!bounds.contains(pt.latlng)) { return; }
      var key;
      if (zoom >= CLUSTER_UNTIL_ZOOM) {
        key = pt.p.id;
      } else {
        var px = map.project(pt.latlng, zoom);
        key = Math.floor(px.x / CELL) + ":" + Math.floor(px.y / CELL);
      }
      (cells[key] = cells[key] || []).push(pt);
    });
    var layer = this.layer;
    Object.keys(cells).forEach(function (key) {
      var members = cells[key];
      if (members.length === 1) {
        var one = members[0];
        var marker = L.circleMarker(one.latlng, {
          radius: 6, color: "#3d1f5c", weight: 1.5, fillColor: "#7b4fa8", fillOpacity: 0.9
        });
        marker.bindTooltip(window.cgMaps.text(one.p.name + (one.p.beds ? " · " + one.p.beds + " beds" : "")));
        marker.on("click", function () { window.location.href = url.replace("__ID__", one.p.id); });
        layer.addLayer(marker);
        return;
      }
      var lat = 0, lng = 0;
      members.forEach(function (m) { lat += m.latlng.lat; lng += m.latlng.lng; });
      var centre = L.latLng(lat / members.length, lng / members.length);
      var size = members.length < 10 ? 30 : members.length < 100 ? 36 : 44;
      var icon = L.divIcon({
        className: "register-cluster",
        html: "<span>" + members.length + "</span>",
        iconSize: [size, size]
      });
      var cluster = L.marker(centre, { icon: icon, keyboard: true, title: members.length + " locations" });
      cluster.on("click", function () {
        var b = L.latLngBounds(members.map(function (m) { return m.latlng; }));
        if (b.getNorthEast().equals(b.getSouthWest())) {
          map.setView(centre, CLUSTER_UNTIL_ZOOM);
        } else {
          map.fitBounds(b.pad(0.2), { maxZoom: CLUSTER_UNTIL_ZOOM });
        }
      });
      layer.addLayer(cluster);
    });
  };

  function regionMap(el, data) {
    var map = newMap(el);
    getJSON(data.shapes, function (geojson) {
      var layer = shapeLayer(map, geojson, data.council_url);
      if (geojson.features.length) { window.cgMaps.fit(map, layer.getBounds(), 12); }
      el.setAttribute("data-labels", String(window.cgMaps.labelShapes(map, layer, function (f) {
        return f.properties.name;
      })));
      getJSON(data.points, function (points) {
        var c = new Clusterer(map, points.features, data.location_url);
        if (!geojson.features.length && points.features.length) {
          window.cgMaps.fit(map, L.latLngBounds(c.points.map(function (p) { return p.latlng; })), 13);
        }
        c.draw();
        el.setAttribute("data-points", String(points.features.length));
        el.setAttribute("data-ready", "true");
      });
    });
  }

  // One workplace among its neighbours: the council's boundary (named), the other homes and
  // agencies around it (each a link), and a view that fits the nearest of them.
  var NEIGHBOURS_SHOWN = 40, NEIGHBOURS_FITTED = 6;

  function locationMap(el, data) {
    var map = newMap(el);
    var here = L.latLng(data.lat, data.lng);
    map.setView(here, 13);
    if (data.shapes) {
      getJSON(data.shapes, function (geojson) {
        var layer = shapeLayer(map, geojson, data.council_url);
        layer.bringToBack();
        window.cgMaps.labelShapes(map, layer, function (f) { return f.properties.name; });
      });
    }
    var marker = L.circleMarker(here, {
      radius: data.approximate ? 14 : 9, color: "#1b1b1f", weight: 2.5,
      fillColor: "#5a2a82", fillOpacity: data.approximate ? 0.35 : 1
    }).addTo(map);
    marker.bindTooltip(window.cgMaps.text(data.name), {
      permanent: true, direction: "top", offset: [0, -8], className: "map-here-label"
    });
    if (!data.points) { el.setAttribute("data-ready", "true"); return; }
    getJSON(data.points, function (points) {
      var others = points.features
        .filter(function (f) { return f.properties.id !== data.id; })
        .map(function (f) {
          var at = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
          return { at: at, p: f.properties, d: here.distanceTo(at) };
        })
        .sort(function (a, b) { return a.d - b.d; })
        .slice(0, NEIGHBOURS_SHOWN);
      others.forEach(function (o) {
        var m = L.circleMarker(o.at, {
          radius: 5, color: "#5b5f66", weight: 1, fillColor: "#b9a6cf", fillOpacity: 0.95
        }).addTo(map);
        m.bindTooltip(window.cgMaps.text(o.p.name + (o.p.beds ? " · " + o.p.beds + " beds" : "")));
        m.on("click", function () { window.location.href = data.location_url.replace("__ID__", o.p.id); });
      });
      var near = others.slice(0, NEIGHBOURS_FITTED).map(function (o) { return o.at; });
      window.cgMaps.fit(map, L.latLngBounds(near.concat([here])).pad(0.15), 15);
      el.setAttribute("data-neighbours", String(others.length));
      el.setAttribute("data-ready", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var data = readData();
    if (!data) { return; }
    document.querySelectorAll("[data-register-map]").forEach(function (el) {
      if (el.getAttribute("data-register-map") === "location") {
        locationMap(el, data);
      } else {
        regionMap(el, data);
      }
    });
  });
})();
