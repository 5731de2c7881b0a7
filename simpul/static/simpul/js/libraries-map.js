// The map of the libraries on the page: rows with data-lat/data-lng become markers. Without
// JavaScript or without tiles, the list stays the whole answer (the map is hidden until it works).
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("library-map");
    if (!box || typeof window.L === "undefined") return;
    var rows = document.querySelectorAll(".library-row[data-lat]");
    if (!rows.length) { box.hidden = true; return; }
    if (box._map) { box._map.remove(); box._map = null; }
    box.hidden = false;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", box.dataset.label || "Map");
    var map = window.L.map(box, { scrollWheelZoom: false });
    box._map = map;
    window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
    var bounds = [];
    rows.forEach(function (row) {
      var lat = parseFloat(row.dataset.lat), lng = parseFloat(row.dataset.lng);
      if (isNaN(lat) || isNaN(lng)) return;
      var marker = window.L.circleMarker([lat, lng], { radius: 7, weight: 2 }).addTo(map);
      var link = document.createElement("a");
      link.href = row.dataset.url;
      link.textContent = row.dataset.name;
      marker.bindPopup(link);
      bounds.push([lat, lng]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 15);
    else map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", draw);
})();
