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
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (evt) { enhance(evt.target); });
})();
