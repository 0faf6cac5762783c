// "Use my location": fills the latitude and longitude fields from the device, when it can.
(function () {
  "use strict";
  document.querySelectorAll("[data-gps-fill]").forEach(function (button) {
    button.addEventListener("click", function () {
      var form = button.closest("form");
      if (!navigator.geolocation) { window.alert(button.dataset.gpsError); return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("[name=latitude]").value = position.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = position.coords.longitude.toFixed(6);
      }, function () { window.alert(button.dataset.gpsError); }, { enableHighAccuracy: true, timeout: 15000 });
    });
  });
})();
