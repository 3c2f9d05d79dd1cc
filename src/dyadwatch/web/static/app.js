/* dyadwatch dashboard: plain JavaScript over the JSON API; no external requests. */
const DW = (() => {
  const QUAD = {1: ["verbal cooperation", "#4c9f70"], 2: ["material cooperation", "#1f6f8b"],
                3: ["verbal conflict", "#e0a030"], 4: ["material conflict", "#c0392b"]};
  const STAGE_COLOURS = {euphoria: "#2e7d32", pragmatism: "#1565c0", disillusionment: "#ef6c00",
                         crisis: "#b71c1c", reset: "#6a1b9a"};

  async function getJSON(url, opts) {
    const r = await fetch(url, opts);
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : r.statusText);
    return body;
  }
  async function allEvents(dyad) {
    let offset = 0, out = [];
    for (;;) {
      const page = await getJSON(`/api/events?dyad=${encodeURIComponent(dyad)}&limit=500&offset=${offset}`);
      out = out.concat(page.events); offset += page.events.length;
      if (offset >= page.total || page.events.length === 0) return out;
    }
  }
  function esc(s) { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function showDetail(el, e) {
    el.hidden = false;
    const link = e.url ? ` <a href="${esc(e.url)}" rel="noopener noreferrer">source link</a>` : "";
    el.innerHTML = `<h3>${esc(e.date)} · ${esc(e.actor1)} → ${esc(e.actor2)}</h3>
      <p class="description">${esc(e.description)}</p>
      <p><b>CAMEO</b> ${esc(e.cameo)} (${esc(e.cameo_name)}), Goldstein ${esc(e.goldstein)}</p>
      <p class="citation"><b>Source:</b> ${esc(e.citation)}${link}</p>
      <p class="muted">tags: ${esc((e.tags || []).join(", "))}</p>`;
  }
  async function leaderBands() {
    const leaders = await getJSON("/api/leaders?country=USA");
    return leaders.filter(l => l.office === "President").map((l, i) => ({
      type: "rect", xref: "x", yref: "paper", x0: l.start, x1: l.end || new Date().toISOString().slice(0, 10),
      y0: 0, y1: 1, fillcolor: i % 2 ? "rgba(200,200,200,0.18)" : "rgba(120,140,200,0.10)", line: {width: 0}, layer: "below",
      label: {text: l.name.split(" ").slice(-1)[0], textposition: "top left", font: {size: 10}}
    }));
  }
  async function stageShapes(dyad) {
    try {
      const s = await getJSON(`/api/stages?dyad=${encodeURIComponent(dyad)}`);
      return (s.segments || []).map(seg => ({type: "rect", xref: "x", yref: "paper", x0: seg.start, x1: seg.end,
        y0: 0, y1: 0.04, fillcolor: STAGE_COLOURS[seg.stage] || "#999", line: {width: 0}}));
    } catch (e) { return []; }
  }
  async function overview(dyad) {
    const plot = document.getElementById("timeline");
    const detail = document.getElementById("event-detail");
    try {
      const [events, bands, stages] = await Promise.all([allEvents(dyad), leaderBands(), stageShapes(dyad)]);
      const traces = Object.entries(QUAD).map(([q, [name, colour]]) => {
        const ev = events.filter(e => e.quad_class === Number(q));
        return {x: ev.map(e => e.date), y: ev.map(e => e.goldstein), mode: "markers", type: "scatter", name,
                marker: {color: colour, size: 7, opacity: 0.8}, customdata: ev,
                text: ev.map(e => e.description), hovertemplate: "%{x}<br>%{text}<extra></extra>"};
      });
      await Plotly.newPlot(plot, traces, {shapes: bands.concat(stages), height: 420, margin: {l: 50, r: 20, t: 30, b: 40},
        yaxis: {title: "Goldstein score"}, xaxis: {type: "date", rangeslider: {visible: true}},
        legend: {orientation: "h", y: -0.2}, template: "plotly_white"}, {displaylogo: false, responsive: true});
      plot.on("plotly_click", ev => showDetail(detail, ev.points[0].customdata));
      plot.dataset.events = String(events.length);
    } catch (e) { plot.innerHTML = `<p class="error">${esc(e.message)}</p>`; }
    nowPanel(dyad); presidentsPanel(dyad);
  }
  async function nowPanel(dyad) {
    const el = document.getElementById("now-body");
    try {
      const n = await getJSON(`/api/now?dyad=${encodeURIComponent(dyad)}`);
      el.innerHTML = `<span class="stage" style="background:${STAGE_COLOURS[n.stage] || "#555"}">${esc(n.stage)}</span>
        since ${esc(n.since)}. ${esc(n.summary || "")}`;
    } catch (e) { el.textContent = "Stage detection is not available: " + e.message; }
  }
  async function presidentsPanel(dyad) {
    const el = document.getElementById("presidents-body");
    try {
      const rows = await getJSON(`/api/presidents?dyad=${encodeURIComponent(dyad)}`);
      const cols = Object.keys(rows[0] || {});
      el.innerHTML = `<table><thead><tr>${cols.map(c => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
        rows.map(r => `<tr>${cols.map(c => `<td>${esc(Array.isArray(r[c]) ? r[c].join(", ") : r[c])}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
    } catch (e) { el.textContent = "The per-administration view is not available: " + e.message; }
  }
  async function explorer(dyad) {
    const form = document.getElementById("filters"), body = document.querySelector("#events-table tbody");
    const more = document.getElementById("more"), count = document.getElementById("count");
    const detail = document.getElementById("event-detail");
    let offset = 0, params = "";
    async function load(reset) {
      if (reset) { offset = 0; body.innerHTML = ""; }
      try {
        const page = await getJSON(`/api/events?dyad=${encodeURIComponent(dyad)}&limit=200&offset=${offset}${params}`);
        for (const e of page.events) {
          const tr = document.createElement("tr");
          tr.innerHTML = `<td>${esc(e.date)}</td><td>${esc(e.actor1)}→${esc(e.actor2)}</td><td>${esc(e.cameo)}</td><td>${esc(e.goldstein)}</td><td>${esc(e.description)}</td>`;
          tr.addEventListener("click", () => showDetail(detail, e));
          body.appendChild(tr);
        }
        offset += page.events.length;
        count.textContent = `${page.total} events`;
        more.hidden = offset >= page.total;
      } catch (e) { count.innerHTML = `<span class="error">${esc(e.message)}</span>`; }
    }
    form.addEventListener("submit", ev => {
      ev.preventDefault();
      const f = new FormData(form), p = new URLSearchParams();
      for (const [k, v] of f.entries()) if (v) p.set(k, v);
      params = p.toString() ? "&" + p.toString() : "";
      load(true);
    });
    more.addEventListener("click", () => load(false));
    load(true);
  }
  return {overview, explorer, getJSON, esc, showDetail};
})();
