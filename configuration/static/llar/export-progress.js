// "My exports" (configuration/export_job_views.py): while an export is queued
// or running, ask the progress endpoint every few seconds and move its bar;
// when one finishes, reload the page for its download button. Everything it
// needs comes in data-* attributes: the page has no inline script (CSP).
(function () {
  "use strict";

  const EVERY_MS = 2000;
  const ACTIVE = ["queued", "running"];

  function activeRows(table) {
    return Array.from(table.querySelectorAll("[data-export-job]")).filter(
      function (row) {
        return ACTIVE.indexOf(row.dataset.exportState) !== -1;
      }
    );
  }

  function show(row, job) {
    const bar = row.querySelector("[data-export-bar]");
    if (bar) {
      bar.value = job.percent;
      bar.textContent = job.percent + "%";
    }
    const label = row.querySelector("[data-export-label]");
    if (label) {
      label.textContent = job.label;
    }
    const rows = row.querySelector("[data-export-rows]");
    // "12 de 40 files", or a return's "3 de 9 taules": worded and
    // numbered by the server in the page's language.
    if (rows) {
      rows.textContent = job.progress_text;
    }
  }

  function poll(table) {
    const rows = activeRows(table);
    if (rows.length === 0) {
      return;
    }
    const ids = rows.map(function (row) {
      return row.dataset.exportJob;
    });
    const url = table.dataset.progressUrl + "?ids=" + ids.join(",");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("progress " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        let finished = false;
        data.jobs.forEach(function (job) {
          const row = table.querySelector('[data-export-job="' + job.id + '"]');
          if (!row) {
            return;
          }
          show(row, job);
          if (!job.active) {
            finished = true;
          }
          row.dataset.exportState = job.state;
        });
        if (finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, EVERY_MS, table);
        }
      })
      .catch(function () {
        // The session may have ended: try again later, more slowly.
        window.setTimeout(poll, EVERY_MS * 5, table);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const table = document.querySelector("[data-export-jobs]");
    if (table) {
      window.setTimeout(poll, EVERY_MS, table);
    }
  });
})();
