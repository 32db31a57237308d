// tcpdoctor dashboard: reads /api/... and draws with uPlot. Text always goes in through textContent.
(function () {
  "use strict";
  var STATES = ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
                "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"];
  var COLORS = ["#4a7bd0", "#8e44ad", "#e67e22", "#16a085", "#27ae60", "#c0392b", "#7f8c8d",
                "#d35400", "#2c3e50", "#95a5a6", "#f1c40f"];
  var plot = null, plotKey = "", intervalMs = 5000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function ns() { return document.getElementById("netns").value; }
  function get(path) {
    var sep = path.indexOf("?") < 0 ? "?" : "&";
    return fetch(path + sep + "netns=" + encodeURIComponent(ns()), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(path + ": HTTP " + r.status); } return r.json(); });
  }

  function drawStates(d) {
    var body = document.querySelector("#states tbody");
    body.replaceChildren();
    var max = 1;
    STATES.forEach(function (s) { max = Math.max(max, d.states[s]); });
    STATES.forEach(function (s) {
      var tr = el("tr"); tr.dataset.state = s;
      tr.appendChild(el("th", null, s));
      var n = el("td", "n", d.states[s]); n.dataset.count = d.states[s]; tr.appendChild(n);
      var td = el("td"); var bar = el("div", "bar");
      bar.style.width = (100 * d.states[s] / max).toFixed(1) + "%"; td.appendChild(bar); tr.appendChild(td);
      body.appendChild(tr);
    });
    var total = document.getElementById("total");
    total.textContent = "total " + d.total; total.dataset.total = d.total;
    document.getElementById("updated").textContent = "sampled " + d.taken_at + " (" + d.source + ")";
  }

  function drawSeries(d) {
    var shown = STATES.filter(function (s) { return d.states[s].some(function (v) { return v > 0; }); });
    if (shown.length === 0) { shown = ["ESTABLISHED"]; }
    var data = [d.t].concat(shown.map(function (s) { return d.states[s]; }));
    var key = ns() + "|" + shown.join(",");
    var box = document.getElementById("chart");
    if (plot && key === plotKey) { plot.setData(data); return; }
    if (plot) { plot.destroy(); }
    var series = [{}].concat(shown.map(function (s) {
      return {label: s, stroke: COLORS[STATES.indexOf(s)], width: 2};
    }));
    plot = new uPlot({width: Math.max(300, box.clientWidth - 10), height: 260, series: series,
                      axes: [{}, {size: 60}], scales: {x: {time: true}}}, data, box);
    plotKey = key;
  }

  function drawGroups(d) {
    var body = document.querySelector("#groups tbody");
    body.replaceChildren();
    var rows = d.groups.slice();
    if (d.other) { rows.push(d.other); }
    rows.forEach(function (g) {
      var tr = el("tr"); tr.dataset.group = g.group;
      tr.appendChild(el("td", null, g.group + (g.groups ? " (" + g.groups + " groups)" : "")));
      tr.appendChild(el("td", "n", g.total));
      tr.appendChild(el("td", null, Object.keys(g.states).map(function (s) { return s + " " + g.states[s]; }).join(", ")));
      body.appendChild(tr);
    });
  }

  function drawFindings(d) {
    var box = document.getElementById("findings");
    box.replaceChildren();
    d.findings.forEach(function (f) {
      var div = el("div", "finding " + f.severity); div.dataset.id = f.id;
      var h = el("h3"); h.appendChild(el("span", "sev", f.severity)); h.appendChild(el("span", "title", f.title));
      div.appendChild(h);
      if (f.explanation) { div.appendChild(el("p", "explanation", f.explanation)); }
      if (f.actions.length) {
        var ul = el("ul");
        f.actions.forEach(function (a) {
          ul.appendChild(el("li", null, a.kind + ": " + a.text + (a.example ? "  " + a.example : "")));
        });
        div.appendChild(ul);
      }
      box.appendChild(div);
    });
  }

  function refresh() {
    var by = document.getElementById("by").value;
    Promise.all([get("/api/states"), get("/api/series"), get("/api/groups?by=" + encodeURIComponent(by)), get("/api/findings")])
      .then(function (r) {
        drawStates(r[0]); drawSeries(r[1]); drawGroups(r[2]); drawFindings(r[3]);
        intervalMs = Math.max(1000, r[1].interval_seconds * 1000);
        document.getElementById("error").textContent = "";
        document.body.dataset.ready = "1";
      })
      .catch(function (e) { document.getElementById("error").textContent = e.message; })
      .finally(function () { setTimeout(refresh, intervalMs); });
  }

  document.getElementById("netns").addEventListener("change", function () { plotKey = ""; });
  document.getElementById("by").addEventListener("change", function () {
    get("/api/groups?by=" + encodeURIComponent(this.value)).then(drawGroups);
  });
  refresh();
})();
