// The Memòries screen (reports/views.py): draws each table's chart with the
// self-hosted Chart.js from the JSON in the canvas's data-chart attribute, so
// the page has no inline script (Content-Security-Policy). Hidden cells of the
// publishable version come as null and are not drawn.
(function () {
  "use strict";

  function draw(canvas) {
    const data = JSON.parse(canvas.dataset.chart);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return { label: series.label, data: series.values };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }

  function start() {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
