/* Chart glue of the monitoring pages.
 *
 * The page's data (the same object as its JSON twin) is embedded as
 * <script id="page-data" type="application/json">. Every element with
 * data-chart="<key>" gets the chart declared under data.charts with that id,
 * drawn from the rows of the table with the same key, so a chart never shows
 * a number its table does not. Colours: blues and violet for data; red, orange
 * and yellow are kept for alert levels. Nothing is loaded from another host.
 */
(function () {
  "use strict";

  var BLUE = "#2f6db5";
  var VIOLET = "#7a4fbf";
  var GREY = "#9aa5b1";
  var PALE = "#a9c1e3";
  var AXIS = "#64748b";
  var FONT = '"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif';

  function pageData() {
    var node = document.getElementById("page-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function find(list, key, field) {
    for (var i = 0; i < (list || []).length; i++) {
      if (list[i][field] === key) return list[i];
    }
    return null;
  }

  function column(table, key) {
    return find(table.columns, key, "key") || { label: key, places: 1 };
  }

  function values(table, key) {
    return table.rows.map(function (r) {
      return r[key] === undefined ? null : r[key];
    });
  }

  function fixed(places) {
    return function (v) {
      if (v === null || v === undefined || isNaN(v)) return "—";
      return Number(v).toFixed(places);
    };
  }

  function base() {
    return {
      textStyle: { fontFamily: FONT },
      animation: false,
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 0, textStyle: { color: AXIS } },
      grid: { left: 12, right: 16, top: 44, bottom: 8, containLabel: true }
    };
  }

  function barLine(spec, table) {
    var bar = column(table, spec.bar);
    var line = column(table, spec.line);
    var o = base();
    o.color = [BLUE, VIOLET];  // the legend's swatches
    o.xAxis = {
      type: "category",
      data: values(table, spec.x),
      axisLabel: { color: AXIS, hideOverlap: true },
      axisTick: { alignWithLabel: true }
    };
    o.yAxis = [
      { type: "value", name: bar.label, nameTextStyle: { color: AXIS, align: "left" },
        axisLabel: { color: AXIS } },
      { type: "value", name: line.label, nameTextStyle: { color: AXIS, align: "right" },
        axisLabel: { color: AXIS, formatter: "{value}" }, splitLine: { show: false } }
    ];
    o.series = [
      { type: "bar", name: bar.label, data: values(table, spec.bar), barMaxWidth: 28,
        itemStyle: { borderRadius: [2, 2, 0, 0], color: function (p) {
          // Earlier years' bars are paler, the period's year in full colour.
          var row = table.rows[p.dataIndex];
          var past = spec.year && row.period && row.period.slice(0, 4) < String(spec.year);
          return past ? PALE : BLUE;
        } },
        tooltip: { valueFormatter: fixed(bar.places) } },
      { type: "line", name: line.label, yAxisIndex: 1, data: values(table, spec.line),
        symbol: "circle", symbolSize: 6, connectNulls: true,
        lineStyle: { color: VIOLET, width: 2 }, itemStyle: { color: VIOLET },
        tooltip: { valueFormatter: fixed(line.places) } }
    ];
    return o;
  }

  /* Horizontal bars, largest on top; the label adds a second column
     (growth) in words-free signed form: "1582.2  +12.9%". */
  function hbar(spec, table) {
    var bar = column(table, spec.bar);
    var extra = spec.extra ? column(table, spec.extra) : null;
    var extras = spec.extra ? values(table, spec.extra) : [];
    var o = base();
    o.legend = { show: false };
    o.grid.right = extra ? 96 : 48;
    o.yAxis = { type: "category", inverse: true, data: values(table, spec.x),
      axisLabel: { color: AXIS, width: 150, overflow: "truncate" },
      axisTick: { show: false } };
    o.grid.top = 8;
    o.xAxis = { type: "value", axisLabel: { color: AXIS, hideOverlap: true } };
    o.series = [{ type: "bar", name: bar.label, data: values(table, spec.bar),
      barMaxWidth: 16, itemStyle: { color: BLUE, borderRadius: [0, 2, 2, 0] },
      label: { show: true, position: "right", color: "#334155", fontSize: 11,
        formatter: function (p) {
          var text = fixed(bar.places)(p.value);
          var g = extras[p.dataIndex];
          if (extra && g !== null && g !== undefined) {
            text += "  " + (g > 0 ? "+" : "") + fixed(extra.places)(g) + "%";
          }
          return text;
        } },
      tooltip: { valueFormatter: fixed(bar.places) } }];
    return o;
  }

  function lines(spec, table) {
    var o = base();
    var colours = [BLUE, GREY];
    o.xAxis = { type: "category", boundaryGap: false, data: values(table, spec.x),
      axisLabel: { color: AXIS, hideOverlap: true } };
    o.yAxis = { type: "value", axisLabel: { color: AXIS } };
    o.series = spec.lines.map(function (key, i) {
      var col = column(table, key);
      return { type: "line", name: spec.names[i] || col.label, data: values(table, key),
        showSymbol: false, lineStyle: { width: i ? 1.5 : 2, color: colours[i],
          type: i ? "dashed" : "solid" }, itemStyle: { color: colours[i] },
        tooltip: { valueFormatter: fixed(col.places) } };
    });
    return o;
  }

  var BUILDERS = { bar_line: barLine, hbar: hbar, lines: lines };

  function draw(data) {
    var charts = [];
    var nodes = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(nodes, function (el) {
      var key = el.getAttribute("data-chart");
      var spec = find(data.charts, key, "id");
      var table = find(data.tables, spec ? spec.table : key, "key");
      if (!spec || !table || !BUILDERS[spec.type]) return;
      if (spec.type === "hbar") {
        el.style.height = Math.max(240, 26 * table.rows.length + 40) + "px";
      }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(BUILDERS[spec.type](spec, table));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
    document.body.setAttribute("data-charts-ready", String(charts.length));
  }

  function autosubmit() {
    var forms = document.querySelectorAll("form[data-autosubmit]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("change", function (e) {
        if (e.target && e.target.tagName === "SELECT") form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autosubmit();
    var data = pageData();
    if (data && window.echarts) draw(data);
  });
})();
