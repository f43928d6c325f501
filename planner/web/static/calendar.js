// The manager's calendar: the week's sessions on a vis-timeline, one row per therapist or room.
// Names are data, never markup: every text goes into the page through textContent (a client
// called <img src=x onerror=alert(1)> shows as those characters), and items are drawn by a
// template that returns DOM nodes, so vis-timeline never parses a name as HTML.
(function () {
  "use strict";

  function at(text) {
    // "YYYY-MM-DDTHH:MM" as local wall-clock time (as plan.csv writes it).
    var p = text.split(/[-T:]/).map(Number);
    return new Date(p[0], p[1] - 1, p[2], p[3], p[4]);
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    element.textContent = text;
    return element;
  }

  function itemNode(item) {
    var box = document.createElement("div");
    var s = item.session;
    box.appendChild(node("span", "item-client", s.client));
    box.appendChild(node("span", "item-treatment", s.treatment + " " + s.session + "/" + s.sessions));
    return box;
  }

  function showDetails(session) {
    var panel = document.getElementById("session-details");
    var caution = session.caution ? "yes" : "no";
    if (session.caution && session.conditions && session.conditions.length) {
      caution = "yes: " + session.conditions.join(", ");
    }
    var fields = {
      title: session.client + ", " + session.treatment,
      client: session.client + " (" + session.client_id + ")",
      treatment: session.treatment,
      course: session.course_id + ", session " + session.session + " of " + session.sessions,
      when: session.start.replace("T", " ") + " to " + session.end.slice(11),
      therapist: session.therapist + " (" + session.therapist_id + ")",
      room: session.room + " (" + session.room_id + ")",
      caution: caution
    };
    Object.keys(fields).forEach(function (name) {
      panel.querySelector('[data-field="' + name + '"]').textContent = fields[name];
    });
    panel.hidden = false;
  }

  function start() {
    var source = document.getElementById("week-data");
    var container = document.getElementById("calendar");
    if (!source || !container || typeof vis === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var key = data.by === "room" ? "room_id" : "therapist_id";
    var byId = {};
    var items = data.items.map(function (s) {
      byId[s.id] = s;
      return {
        id: s.id, group: s[key], start: at(s.start), end: at(s.end), session: s,
        className: s.caution ? "caution" : ""
      };
    });
    var groups = data.groups.map(function (g) { return { id: g.id, name: g.name }; });
    var timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), {
      start: at(data.window[0]),
      end: at(data.window[1]),
      stack: false,
      selectable: true,
      zoomMin: 60 * 60 * 1000,
      orientation: "top",
      template: function (item) { return itemNode(item); },
      groupTemplate: function (group) { return node("span", "", group.name); },
      xss: { disabled: false }
    });
    timeline.on("select", function (event) {
      if (event.items.length) { showDetails(byId[event.items[0]]); }
    });
    container.setAttribute("data-ready", "yes");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
