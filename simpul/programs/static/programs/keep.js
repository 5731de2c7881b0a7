// A report form survives a failed submit (no signal, a dropped connection): what is typed is kept
// in this phone's storage until the server confirms it saved (?saved=<key> on the next page).
(function () {
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  var saved = new URLSearchParams(window.location.search).get("saved");
  if (saved) store.removeItem("keep:" + saved);
  document.querySelectorAll("form[data-keep]").forEach(function (form) {
    var key = "keep:" + form.getAttribute("data-keep");
    var data = {};
    try { data = JSON.parse(store.getItem(key) || "{}"); } catch (e) { data = {}; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "submit") return;
      if (data[el.name] !== undefined && !el.value) el.value = data[el.name];
      el.addEventListener("input", function () {
        data[el.name] = el.value;
        try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full */ }
      });
    });
  });
})();
