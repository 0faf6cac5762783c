// The charts of a report page (Apache ECharts), drawn from the json_script block
// "report-charts-data": each figure is a bar chart of categories and one or more series, drawn
// into the element with data-figure="<key>". With no data a chart shows a short note instead.
(function () {
  "use strict";

  var COLOURS = ["#0b5394", "#3d85c6", "#f1c232", "#6aa84f", "#cc4125"];

  function formatNumber(value, digits) {
    // Vietnamese separators in both languages, as everywhere in the system (19.448,5).
    return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: digits }).format(value);
  }

  function showEmpty(element, text) {
    element.style.height = "auto";
    element.classList.add("text-muted", "small", "border", "rounded", "p-3", "text-center");
    element.setAttribute("data-empty", "1");
    element.textContent = text;
  }

  function barChart(element, figure, labels, locale) {
    var categories = figure.categories || [];
    var series = figure.series || [];
    var any = series.some(function (s) {
      return (s.data || []).some(function (v) { return v > 0; });
    });
    if (!categories.length || !any) { showEmpty(element, labels.empty); return null; }
    var chart = echarts.init(element, null, { locale: locale });
    chart.setOption({
      color: COLOURS,
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: function (v) {
          return formatNumber(v, 2) + (figure.unit ? " " + figure.unit : "");
        }
      },
      legend: { top: 0, show: series.length > 1 },
      grid: { left: 8, right: 24, top: series.length > 1 ? 40 : 12, bottom: 8, containLabel: true },
      xAxis: { type: "value",
               axisLabel: { formatter: function (v) { return formatNumber(v, 1); } } },
      yAxis: { type: "category", inverse: true, data: categories,
               axisLabel: { width: 160, overflow: "truncate" } },
      series: series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, barMaxWidth: 22 };
      })
    });
    return chart;
  }

  function draw() {
    var block = document.getElementById("report-charts-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    var labels = data.labels || { empty: "" };
    var locale = document.documentElement.lang === "vi" ? "VI" : "EN";
    var charts = [];
    (data.figures || []).forEach(function (figure) {
      var element = document.querySelector('[data-figure="' + figure.key + '"]');
      if (!element) return;
      if (!window.echarts) { showEmpty(element, labels.empty); return; }
      var chart = barChart(element, figure, labels, locale);
      if (chart) {
        element.setAttribute("data-chart-ready", "1");
        charts.push(chart);
      }
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
