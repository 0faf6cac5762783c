// The charts of a plan's progress panel (Apache ECharts), drawn from the page's json_script
// block "plan-charts-data": projects by status (bars) and money by funding source (grouped
// bars, million VND). With no data a chart shows a short note instead of an empty frame.
(function () {
  "use strict";

  var STATUS_COLOURS = {
    draft: "#adb5bd", submitted: "#6ea8fe", returned: "#ced4da", appraised: "#3d8bfd",
    sent_to_ministry: "#0a58ca", approved: "#0b5394", in_progress: "#0dcaf0",
    amendment_requested: "#ffc107", suspended: "#fd7e14", accepted: "#198754",
    settled: "#20c997", closed: "#146c43", rejected: "#dc3545", cancelled: "#b02a37"
  };
  var MONEY_COLOURS = ["#0b5394", "#3d85c6", "#f1c232", "#6aa84f"];

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

  function statusChart(element, data, locale) {
    var rows = (data.status || []).filter(function (row) { return row.value > 0; });
    if (!rows.length) { showEmpty(element, data.labels.empty); return null; }
    var chart = echarts.init(element, null, { locale: locale });
    chart.setOption({
      tooltip: { trigger: "item", valueFormatter: function (v) { return formatNumber(v, 0); } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1,
               axisLabel: { formatter: function (v) { return formatNumber(v, 0); } } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (row) { return row.name; }),
               axisLabel: { width: 150, overflow: "truncate" } },
      series: [{
        name: data.labels.projects,
        type: "bar",
        barMaxWidth: 22,
        label: { show: true, position: "right" },
        data: rows.map(function (row) {
          return { value: row.value, itemStyle: { color: STATUS_COLOURS[row.code] || "#0b5394" } };
        })
      }]
    });
    return chart;
  }

  function moneyChart(element, data, locale) {
    var money = data.money || {};
    var categories = money.categories || [];
    var series = money.series || [];
    var any = series.some(function (s) { return (s.data || []).some(function (v) { return v > 0; }); });
    if (!categories.length || !any) { showEmpty(element, data.labels.empty); return null; }
    var chart = echarts.init(element, null, { locale: locale });
    chart.setOption({
      color: MONEY_COLOURS,
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: function (v) { return formatNumber(v, 1) + " " + data.labels.unit; }
      },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: categories,
               axisLabel: { interval: 0, lineHeight: 15, overflow: "break",
                            width: Math.max(70, element.clientWidth / categories.length - 24) } },
      yAxis: { type: "value",
               axisLabel: { formatter: function (v) { return formatNumber(v, 1); } } },
      series: series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, barMaxWidth: 28 };
      })
    });
    return chart;
  }

  function draw() {
    var block = document.getElementById("plan-charts-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    var status = document.getElementById("chart-status");
    var money = document.getElementById("chart-money");
    if (!window.echarts) {
      [status, money].forEach(function (el) { if (el) showEmpty(el, data.labels.empty); });
      return;
    }
    var locale = document.documentElement.lang === "vi" ? "VI" : "EN";
    var charts = [];
    if (status) charts.push(statusChart(status, data, locale));
    if (money) charts.push(moneyChart(money, data, locale));
    charts = charts.filter(Boolean);
    charts.forEach(function (chart) { chart.getDom().setAttribute("data-chart-ready", "1"); });
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
