// Check-in: scan the QR ticket with the camera where the browser has BarcodeDetector; the typed
// code works everywhere. The scanned code goes into the form, which is submitted (htmx or plain).
(function () {
  "use strict";
  var start = document.getElementById("scan-start");
  var form = document.getElementById("checkin-form");
  if (!start || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var box = document.getElementById("scanner");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var input = form.querySelector("input[name=code]");
  var stream = null;
  var last = "";
  var lastAt = 0;
  var detector;
  try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { return; }
  start.hidden = false;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    box.hidden = true;
    start.hidden = false;
  }

  function submit(code) {
    input.value = code;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function tick() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length) {
        var code = codes[0].rawValue;
        // The same ticket held in front of the camera is sent once every 3 seconds at most.
        if (code !== last || now - lastAt > 3000) {
          last = code; lastAt = now;
          status.textContent = code;
          submit(code);
        }
      }
      window.setTimeout(tick, 250);
    }).catch(function () { window.setTimeout(tick, 500); });
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.play();
      box.hidden = false;
      start.hidden = true;
      tick();
    }).catch(function () {
      status.textContent = start.dataset.denied || "";
      box.hidden = false;
    });
  });
  document.getElementById("scan-stop").addEventListener("click", stop);
  document.body.addEventListener("htmx:afterSwap", function () { input.value = ""; input.focus(); });
})();
