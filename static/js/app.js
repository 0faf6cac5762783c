// Progressive enhancement for every page: searchable selects and Vietnamese date pickers.
(function () {
  "use strict";
  function enhance(root) {
    root.querySelectorAll("select[data-search]:not(.tomselected)").forEach(function (el) {
      var options = { maxOptions: 200, allowEmptyOption: true };
      var empty = el.querySelector("option[value='']");
      if (empty && el.dataset.searchUrl) {
        // Remote search: the empty choice becomes the placeholder and a clear button.
        options.allowEmptyOption = false;
        options.placeholder = empty.textContent;
        options.plugins = ["clear_button"];
        empty.textContent = "";
      }
      if (el.dataset.searchUrl) {
        options.valueField = "id";
        options.labelField = "text";
        options.searchField = ["text"];
        options.load = function (query, callback) {
          var url = el.dataset.searchUrl + (el.dataset.searchUrl.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
          fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
            .then(function (data) { callback(data.results); }).catch(function () { callback(); });
        };
      }
      new TomSelect(el, options);
    });
    if (window.flatpickr) {
      root.querySelectorAll("input[data-date]").forEach(function (el) {
        if (el._flatpickr) return;
        flatpickr(el, { locale: document.documentElement.lang === "vi" ? "vn" : "default",
          dateFormat: "d/m/Y", allowInput: true });
      });
    }
  }
  // A form marked data-submit-once is sent once: a double click does not send it twice.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form.matches || !form.matches("form[data-submit-once]")) return;
    if (form.dataset.sent) { evt.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
  });
  // Coming back to the page from the browser's history makes the form usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once][data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
  });
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (evt) { enhance(evt.target); });
})();
