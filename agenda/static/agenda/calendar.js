// The Agenda screen (agenda/views/calendar.py): starts FullCalendar on the
// element marked data-agenda-calendar. Everything it needs comes in data-*
// attributes, so the page has no inline script (Content-Security-Policy).
(function () {
  "use strict";

  const HOURS = { hour: "2-digit", minute: "2-digit", hour12: false };

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function day(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function hour(d) {
    return pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function say(box, messages) {
    box.replaceChildren();
    messages.forEach(function (text) {
      const p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    });
    box.hidden = messages.length === 0;
  }

  function move(el, info, override) {
    const data = el.dataset;
    const event = info.event;
    const body = new URLSearchParams();
    body.set("date", day(event.start));
    body.set("start", hour(event.start));
    body.set("end", hour(event.end || event.start));
    body.set("version", event.extendedProps.version || "");
    if (override) {
      body.set("override", "1");
    }
    const box = document.getElementById("agenda-messages");
    fetch(data.moveUrl.replace("/0/", "/" + event.id + "/"), {
      method: "POST",
      headers: { "X-CSRFToken": data.csrf },
      body: body,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.ok) {
          event.setExtendedProp("version", answer.version);
          say(box, []);
          return;
        }
        if (answer.overridable && data.confirmOverride) {
          const question = answer.messages.join("\n") + "\n\n" + data.confirmOverride;
          if (window.confirm(question)) {
            move(el, info, true);
            return;
          }
        }
        info.revert();
        say(box, answer.messages);
      })
      .catch(function () {
        info.revert();
        say(box, [data.failed]);
      });
  }

  // Selecting a free slot, or clicking a day of the month, opens the
  // booking form with that date (and hours, in the day and week views).
  function book(el, info) {
    const url = new URL(el.dataset.bookUrl, window.location.origin);
    url.searchParams.set("date", day(info.start));
    if (!info.allDay) {
      url.searchParams.set("start", hour(info.start));
      url.searchParams.set("end", hour(info.end || info.start));
    }
    window.location.href = url.pathname + url.search;
  }

  function start(el) {
    const data = el.dataset;
    const calendar = new FullCalendar.Calendar(el, {
      locale: document.documentElement.lang || "ca",
      firstDay: 1,
      initialView: data.initialView || "timeGridWeek",
      initialDate: data.initialDate || undefined,
      headerToolbar: {
        left: "prev,next today",
        center: "title",
        right: "timeGridDay,timeGridWeek,dayGridMonth",
      },
      slotMinTime: "07:00:00",
      slotMaxTime: "21:00:00",
      slotLabelFormat: HOURS,
      eventTimeFormat: HOURS,
      allDaySlot: false,
      nowIndicator: true,
      height: "auto",
      editable: true,
      selectable: Boolean(data.bookUrl),
      selectOverlap: function (event) {
        return event.display === "background";
      },
      select: function (info) {
        book(el, info);
      },
      events: data.eventsUrl,
      eventClick: function (info) {
        if (info.event.id) {
          info.jsEvent.preventDefault();
          window.location.href = data.appointmentUrl.replace("/0/", "/" + info.event.id + "/");
        }
      },
      eventDrop: function (info) {
        move(el, info, false);
      },
      eventResize: function (info) {
        move(el, info, false);
      },
    });
    calendar.render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-agenda-calendar]").forEach(start);
  });
})();
