// The dashboards' charts (Apache ECharts), drawn from the json_script block "dashboard-data".
// National: the map of the 34 provinces coloured by the chosen indicator (the boundary file is
// fetched from the server: no internet needed), with the Hoàng Sa and Trường Sa archipelagos
// always labelled, and the trend lines. Province: money by source and projects by content.
// Every text comes translated from the page; numbers use Vietnamese separators.
(function () {
  "use strict";
  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return HTML_ESCAPES[c]; });
  }

  var COLOURS = ["#0b5394", "#6aa84f", "#f1c232", "#cc4125", "#3d85c6"];
  var MAP_NAME = "vietnam-provinces-34";

  function formatNumber(value, digits) {
    return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: digits }).format(value);
  }

  function showEmpty(element, text) {
    element.style.height = "auto";
    element.classList.add("text-muted", "small", "border", "rounded", "p-3", "text-center");
    element.setAttribute("data-empty", "1");
    element.textContent = text;
  }

  function ready(chart) {
    chart.getDom().setAttribute("data-chart-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function drawMap(element, data, locale) {
    var map = data.map;
    var labels = data.labels;
    return fetch(data.boundaries, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (geojson) {
        echarts.registerMap(MAP_NAME, geojson);
        var chart = echarts.init(element, null, { locale: locale });
        chart.setOption({
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              // ECharts shows a formatter's string as HTML: every piece of data is escaped.
              if (p.seriesType === "scatter") return escapeHtml(p.name);
              var value = (p.data && p.data.value !== null && p.data.value !== undefined)
                ? formatNumber(p.data.value, 1) + " " + map.unit : labels.no_value;
              return escapeHtml(p.name) + "<br>" + escapeHtml(map.indicator) + ": " +
                escapeHtml(value);
            }
          },
          visualMap: {
            type: "continuous", min: 0, max: map.max > 0 ? map.max : 1, left: 8, bottom: 16,
            text: [formatNumber(map.max, 1), "0"], calculable: false, seriesIndex: 0,
            inRange: { color: ["#deebf7", "#9ecae1", "#3182bd", "#08306b"] },
            formatter: function (v) { return formatNumber(v, 1); }
          },
          geo: {
            map: MAP_NAME, roam: true, aspectScale: 1, layoutCenter: ["50%", "50%"],
            layoutSize: "95%",
            itemStyle: { areaColor: "#f1f3f5", borderColor: "#6c757d", borderWidth: 0.5 },
            emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffd966" } },
            label: { show: false }
          },
          series: [
            {
              name: map.indicator, type: "map", geoIndex: 0,
              data: map.data.map(function (row) {
                return { name: row.name, code: row.code, value: row.value };
              })
            },
            {
              name: "archipelagos", type: "scatter", coordinateSystem: "geo", symbolSize: 1,
              silent: false, z: 5,
              label: { show: true, formatter: "{b}", position: "right", color: "#1f3b57",
                       fontSize: 12, fontWeight: "bold" },
              data: map.archipelagos
            }
          ]
        });
        return ready(chart);
      })
      .catch(function () { showEmpty(element, labels.map_failed); });
  }

  function trendChart(element, data, locale) {
    var trend = data.trend;
    var labels = data.labels;
    var any = trend.projects.some(function (v) { return v > 0; }) ||
      trend.approved.some(function (v) { return v > 0; });
    if (!any) { showEmpty(element, labels.empty); return null; }
    var chart = echarts.init(element, null, { locale: locale });
    chart.setOption({
      color: COLOURS,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return formatNumber(v, 1); } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: trend.years },
      yAxis: [
        { type: "value", name: labels.million, minInterval: 1,
          axisLabel: { formatter: function (v) { return formatNumber(v, 0); } } },
        { type: "value", name: labels.projects, minInterval: 1, splitLine: { show: false },
          axisLabel: { formatter: function (v) { return formatNumber(v, 0); } } }
      ],
      series: [
        { name: labels.state, type: "line", data: trend.state, smooth: false },
        { name: labels.approved, type: "line", data: trend.approved },
        { name: labels.projects, type: "bar", yAxisIndex: 1, data: trend.projects,
          barMaxWidth: 18, itemStyle: { opacity: 0.5 } }
      ]
    });
    return ready(chart);
  }

  function barChart(element, figure, labels, locale, horizontal) {
    var categories = figure.categories || [];
    var series = figure.series || [];
    var any = series.some(function (s) { return (s.data || []).some(function (v) { return v > 0; }); });
    if (!categories.length || !any) { showEmpty(element, labels.empty); return null; }
    var chart = echarts.init(element, null, { locale: locale });
    var category = { type: "category", data: categories, inverse: horizontal,
                     axisLabel: horizontal ? { width: 160, overflow: "truncate" }
                       : { interval: 0, overflow: "break",
                           width: Math.max(70, element.clientWidth / categories.length - 16) } };
    var value = { type: "value", minInterval: figure.integer ? 1 : 0,
                  axisLabel: { formatter: function (v) { return formatNumber(v, 1); } } };
    chart.setOption({
      color: COLOURS,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
                 valueFormatter: function (v) { return formatNumber(v, 1); } },
      legend: { top: 0, show: series.length > 1 },
      grid: { left: 8, right: 24, top: series.length > 1 ? 36 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, barMaxWidth: 24 };
      })
    });
    return ready(chart);
  }

  function draw() {
    var block = document.getElementById("dashboard-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    var locale = document.documentElement.lang === "vi" ? "VI" : "EN";
    var elements = ["national-map", "national-trend", "chart-money", "chart-contents"]
      .map(function (id) { return document.getElementById(id); });
    if (!window.echarts) {
      elements.forEach(function (el) { if (el) showEmpty(el, data.labels.empty); });
      return;
    }
    if (data.kind === "national") {
      if (elements[0]) drawMap(elements[0], data, locale);
      if (elements[1]) trendChart(elements[1], data, locale);
    } else {
      var money = data.money;
      if (elements[2]) {
        barChart(elements[2], money, { empty: data.labels.empty }, locale, false);
      }
      if (elements[3]) {
        barChart(elements[3], data.contents, { empty: data.labels.empty }, locale, true);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
