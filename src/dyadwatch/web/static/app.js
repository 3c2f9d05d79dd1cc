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
      const segs = s.segments || [];
      const shapes = segs.map(seg => ({type: "rect", xref: "x", yref: "paper", x0: seg.start + "-01",
        x1: seg.end + "-28", y0: 0, y1: 1, fillcolor: STAGE_COLOURS[seg.stage] || "#999", opacity: 0.10,
        line: {width: 0}, layer: "below"}));
      const turns = segs.slice(1).map(seg => ({type: "line", xref: "x", yref: "paper", x0: seg.start + "-01",
        x1: seg.start + "-01", y0: 0, y1: 1, line: {color: STAGE_COLOURS[seg.stage] || "#555", width: 1.5, dash: "dot"}}));
      const notes = segs.map(seg => ({xref: "x", yref: "paper", x: seg.start + "-01", y: 0.02, xanchor: "left",
        text: seg.stage, showarrow: false, font: {size: 10, color: STAGE_COLOURS[seg.stage] || "#555"}}));
      return {shapes: shapes.concat(turns), annotations: notes};
    } catch (e) { return {shapes: [], annotations: []}; }
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
      await Plotly.newPlot(plot, traces, {shapes: bands.concat(stages.shapes), annotations: stages.annotations, height: 420, margin: {l: 50, r: 20, t: 30, b: 40},
        yaxis: {title: "Goldstein score"}, xaxis: {type: "date", rangeslider: {visible: true}},
        legend: {orientation: "h", y: -0.2}, template: "plotly_white"}, {displaylogo: false, responsive: true});
      plot.on("plotly_click", ev => showDetail(detail, ev.points[0].customdata));
      plot.dataset.events = String(events.length);
    } catch (e) { plot.innerHTML = `<p class="error">${esc(e.message)}</p>`; }
    nowPanel(dyad); landmarksPanel(dyad); presidentsPanel(dyad);
  }
  function overviewAll(dyad) { DW.cycle(dyad); return overview(dyad); }
  async function landmarksPanel(dyad) {
    const el = document.getElementById("landmarks-body");
    const num = (v, d) => v == null || Number.isNaN(v) ? "–" : Number(v).toFixed(d);
    try {
      const r = await getJSON(`/api/landmarks?dyad=${encodeURIComponent(dyad)}`);
      const rows = r.landmarks.map(l => `<tr class="${l.found ? "found" : ""}" title="${esc(l.name)}">
        <td>${esc(l.landmark_id)}</td><td>${esc(l.month === l.until ? l.month : l.month + ".." + l.until)}</td>
        <td>${esc(l.turning_point || "–")} (${esc(l.distance_months)})</td><td>${esc(l.stage || "–")} (${esc(l.expected || "any")})</td>
        <td>${num(l.shift, 1)} [${num(l.shift_lo, 1)}, ${num(l.shift_hi, 1)}]</td><td>${num(l.p_holm, 2)}</td>
        <td>${num(l.persistence, 2)}</td><td>${esc(l.verdict)}</td></tr>`).join("");
      el.innerHTML = `<p>${esc(r.summary)}</p><table><thead><tr><th>landmark</th><th>month</th><th>nearest turning point (months off)</th>
        <th>stage (essay)</th><th>shift [90% CI]</th><th>p (Holm)</th><th>persistence</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>
        <p class="caption">${r.notes.map(esc).join(" ")}</p>`;
    } catch (e) { el.textContent = "No landmarks for this pair: " + e.message; }
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
    const cols = ["country", "president", "start", "end", "stages", "reset_date", "peak", "peak_date", "half_life_months"];
    const fmt = v => typeof v === "number" ? Number(v.toFixed(2)) : v;
    try {
      const rows = await getJSON(`/api/presidents?dyad=${encodeURIComponent(dyad)}`);
      el.innerHTML = `<table><thead><tr>${cols.map(c => `<th>${esc(c.replace(/_/g, " "))}</th>`).join("")}</tr></thead><tbody>` +
        rows.map(r => `<tr title="${esc(r.reset_events || "")}">${cols.map(c => `<td>${esc(fmt(r[c]))}</td>`).join("")}</tr>`).join("") +
        "</tbody></table><p class=\"caption\">Reset: the first rise into a reset or euphoria stage in the term; half-life: months until the index fell half way back from the reset's peak to the pre-reset level. Hover a row for the events at the reset.</p>";
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
  return {overview: overviewAll, explorer, getJSON, esc, showDetail, STAGE_COLOURS};
})();

/* The cycle as a model (issue 13): the fused measure, the ordered stages, the two methods, the test. */
Object.assign(DW, (() => {
  const STAGES = ["euphoria", "pragmatism", "disillusionment", "crisis", "reset"];
  const LAYOUT = {margin: {l: 60, r: 20, t: 20, b: 40}, template: "plotly_white", legend: {orientation: "h", y: -0.18}};
  const CONFIG = {displaylogo: false, responsive: true};
  const q = dyad => `?dyad=${encodeURIComponent(dyad)}`;
  const num = (v, d) => v == null || Number.isNaN(Number(v)) ? "–" : Number(v).toFixed(d);
  const colour = s => DW.STAGE_COLOURS[s] || "#777";
  const first = m => m + "-01";
  function after(m) {  // the first day of the month after "YYYY-MM"
    const [y, mo] = m.split("-").map(Number);
    return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, "0")}-01`;
  }
  function badge(stage) { return `<span class="stage" style="background:${colour(stage)}">${DW.esc(stage)}</span>`; }
  function stageBands(segs, y0, y1, opacity) {
    return segs.map(s => ({type: "rect", xref: "x", yref: y0 == null ? "paper" : "y", x0: first(s.start), x1: after(s.end),
      y0: y0 == null ? 0 : y0, y1: y1 == null ? 1 : y1, fillcolor: colour(s.stage), opacity, line: {width: 0}, layer: "below"}));
  }
  function legendTraces() {
    return STAGES.map(s => ({x: [null], y: [null], type: "scatter", mode: "markers", name: s,
      marker: {color: colour(s), symbol: "square", size: 12}, hoverinfo: "skip"}));
  }
  async function fusedPanel(pending, ordered) {
    const el = document.getElementById("fused-plot"), cap = document.getElementById("fused-streams");
    const f = await pending;
    const x = f.months.map(m => first(m.month)), pct = Math.round(f.ci * 100);
    const traces = [
      {x, y: f.months.map(m => m.hi), mode: "lines", line: {width: 0}, showlegend: false, hoverinfo: "skip"},
      {x, y: f.months.map(m => m.lo), mode: "lines", line: {width: 0}, fill: "tonexty",
       fillcolor: "rgba(31,111,139,0.22)", name: `${pct}% band`, hoverinfo: "skip"},
      {x, y: f.months.map(m => m.mean), mode: "lines", name: "smoothed mean", line: {color: "#1f2a44", width: 2},
       customdata: f.months.map(m => [m.lo, m.hi]),
       hovertemplate: `%{x|%Y-%m}: %{y:.2f} (${pct}% band %{customdata[0]:.2f} to %{customdata[1]:.2f})<extra></extra>`}];
    const shapes = ordered ? stageBands(ordered.segments, null, null, 0.10) : [];
    await Plotly.newPlot(el, traces, {...LAYOUT, height: 420, shapes, xaxis: {type: "date"},
      yaxis: {title: "relations (Goldstein scale)", zeroline: true}}, CONFIG);
    el.dataset.months = String(f.months.length);
    const rows = f.streams.map(s => `<tr><td>${DW.esc(s.stream)}${s.reference ? " (reference)" : ""}</td><td>${DW.esc(s.kind)}</td>
      <td>${DW.esc(s.n_events)}</td><td>${DW.esc(s.months)}</td><td>${num(s.intercept, 2)} ± ${num(s.intercept_se, 2)}</td>
      <td>${num(s.loading, 3)} ± ${num(s.loading_se, 3)}</td><td>${num(s.noise_sd, 2)}</td></tr>`).join("");
    cap.innerHTML = `<table><thead><tr><th>stream</th><th>kind</th><th>events</th><th>months (years)</th><th>intercept ± se</th>
      <th>loading ± se</th><th>noise sd</th></tr></thead><tbody>${rows}</tbody></table>` +
      (f.dropped.length ? `<p class="caption">Left out (too few observations): ${f.dropped.map(DW.esc).join(", ")}.</p>` : "");
    return f;
  }
  async function stagesPanel(o) {
    const el = document.getElementById("stage-probabilities"), now = document.getElementById("ordered-now");
    const x = o.months.map(m => first(m.month));
    const traces = o.stages.map(s => ({x, y: o.months.map(m => m[s]), name: s, type: "scatter", mode: "lines",
      stackgroup: "p", line: {width: 0.5, color: colour(s)}, fillcolor: colour(s),
      hovertemplate: `${s} %{y:.2f}<extra>%{x|%Y-%m}</extra>`}));
    await Plotly.newPlot(el, traces, {...LAYOUT, height: 320, hovermode: "x unified", xaxis: {type: "date"},
      legend: {...LAYOUT.legend, traceorder: "normal"},
      yaxis: {title: "P(stage)", range: [0, 1], tickformat: ".0%"}}, CONFIG);
    const last = o.months[o.months.length - 1];
    now.innerHTML = `Ordered model, ${DW.esc(last.month)}: ${badge(last.stage)} with probability ${num(last[last.stage], 2)}.
      Stages on the most probable path: ${o.appear.map(DW.esc).join(", ")}` +
      (o.appear.length < 5 ? `; never ${o.stages.filter(s => !o.appear.includes(s)).map(DW.esc).join(", ")}.` : " (all five).");
    const tp = o.turning_points.map(t => `<tr><td>${DW.esc(t.month)}</td><td>${badge(t.from_stage)} → ${badge(t.to_stage)}</td>
      <td>${DW.esc(t.lo)} to ${DW.esc(t.hi)}</td><td>${num(t.p_change, 2)}</td></tr>`).join("");
    document.getElementById("turning-points").innerHTML = `<table><thead><tr><th>turning point</th><th>from → to</th>
      <th>${Math.round(o.ci * 100)}% interval</th><th>P(change in interval)</th></tr></thead><tbody>${tp}</tbody></table>`;
  }
  function kappaWords(k) {  // Landis & Koch (1977)
    if (k == null) return "not defined";
    return k < 0 ? "poor" : k <= 0.2 ? "slight" : k <= 0.4 ? "fair" : k <= 0.6 ? "moderate" : k <= 0.8 ? "substantial" : "almost perfect";
  }
  async function methodsPanel(dyad) {
    const el = document.getElementById("methods-plot"), text = document.getElementById("methods-body");
    const m = await DW.getJSON(`/api/cycle/methods${q(dyad)}`);
    const rows = [["changepoint", 0.1, 0.9, "change points"], ["ordered", 1.1, 1.9, "ordered HSMM"]];
    const shapes = rows.flatMap(([key, y0, y1]) => stageBands(m[key], y0, y1, 0.85));
    const hover = rows.map(([key, y0, y1, name]) => ({type: "scatter", mode: "markers", showlegend: false,
      x: m[key].map(s => first(s.start)), y: m[key].map(() => (y0 + y1) / 2), marker: {size: 6, color: "rgba(0,0,0,0)"},
      text: m[key].map(s => `${name}: ${s.stage} ${s.start} to ${s.end}`), hovertemplate: "%{text}<extra></extra>"}));
    const all = m.ordered.concat(m.changepoint), x0 = all.map(s => s.start).sort()[0], x1 = all.map(s => s.end).sort().pop();
    await Plotly.newPlot(el, legendTraces().concat(hover), {...LAYOUT, height: 200, shapes,
      xaxis: {type: "date", range: [first(x0), after(x1)], showgrid: false}, margin: {l: 110, r: 20, t: 10, b: 30},
      yaxis: {range: [0, 2], tickvals: [0.5, 1.5], ticktext: rows.map(r => r[3]), fixedrange: true, showgrid: false}}, CONFIG);
    const by = {};
    for (const l of m.landmarks) (by[l.landmark_id] = by[l.landmark_id] || {})[l.method] = l;
    const cell = l => !l || !l.found ? "–" : `${DW.esc(l.turning_point)} ${badge(l.stage)} ${l.stage_ok ? "" : "(not the essay's stage)"}`;
    const ok = key => m.landmarks.filter(l => l.method === key && l.stage_ok).length;
    const n = Object.keys(by).length;
    text.innerHTML = `<p id="kappa">Agreement of the two methods' monthly stages: Cohen's κ = <b>${num(m.kappa, 2)}</b>
      (${kappaWords(m.kappa)}, Landis &amp; Koch 1977).</p>
      <p>Of the essay's ${n} landmarks, the ordered model has a turning point near ${m.found.ordered ?? 0} (with the essay's stage:
      ${ok("ordered")}); the change points near ${m.found.changepoint ?? 0} (with the essay's stage: ${ok("changepoint")}).</p>
      <table><thead><tr><th>landmark</th><th>ordered HSMM</th><th>change points</th></tr></thead><tbody>` +
      Object.entries(by).map(([id, r]) => `<tr><td>${DW.esc(id)}</td><td>${cell(r.ordered)}</td><td>${cell(r.changepoint)}</td></tr>`).join("") +
      "</tbody></table>";
  }
  function comparisonTable(c) {
    const best = {cv_loglik: Math.max(...c.table.map(r => r.cv_loglik)), aic: Math.min(...c.table.map(r => r.aic)),
                  bic: Math.min(...c.table.map(r => r.bic))};
    const td = (r, k, d) => `<td>${r[k] === best[k] ? `<b>${num(r[k], d)}</b>` : num(r[k], d)}</td>`;
    return `<table id="comparison-table"><thead><tr><th>model</th><th>held-out log-lik</th><th>per month</th><th>log-lik (all data)</th>
      <th>parameters</th><th>AIC</th><th>BIC</th></tr></thead><tbody>` + c.table.map(r => `<tr><td>${DW.esc(r.model)}</td>${td(r, "cv_loglik", 1)}
      <td>${num(r.cv_per_month, 3)}</td><td>${num(r.loglik, 1)}</td><td>${DW.esc(r.params)}</td>${td(r, "aic", 1)}${td(r, "bic", 1)}</tr>`).join("") +
      "</tbody></table>";
  }
  function criteriaNote(c) {
    const arg = (k, sign) => c.table.reduce((a, r) => sign * r[k] > sign * a[k] ? r : a).model;
    const cv = arg("cv_loglik", 1), aic = arg("aic", -1), bic = arg("bic", -1);
    if (cv === aic && cv === bic) return `Held-out log-likelihood, AIC and BIC all prefer ${DW.esc(cv)}.`;
    const ranked = [...c.table].sort((a, b) => b.cv_loglik - a.cv_loglik).map(r => r.model);
    const rank = [...new Set([aic, bic])].filter(m => m !== cv)
      .map(m => `${DW.esc(m)} ranks ${ranked.indexOf(m) + 1} of ${ranked.length} on held-out months`).join("; ");
    return `The criteria disagree: held-out log-likelihood prefers ${DW.esc(cv)}, AIC ${DW.esc(aic)}, BIC ${DW.esc(bic)} ` +
      `(${rank}: the in-sample criteria reward its fit to the months it was estimated on).`;
  }
  async function comparisonPanel(dyad) {
    const el = document.getElementById("comparison-body");
    const c = await DW.getJSON(`/api/cycle/comparison${q(dyad)}`);
    const tone = {supported: "#2e7d32", "weakly supported": "#ef6c00", "not supported": "#b71c1c"}[c.supported] || "#555";
    const s = c.settings || {};
    el.innerHTML = `<p><span class="stage" id="verdict-badge" style="background:${tone}">${DW.esc(c.supported)}</span>
      <span id="verdict">${DW.esc(c.verdict)}</span></p>${comparisonTable(c)}
      <p>${criteriaNote(c)}</p>
      <p class="caption">Ordered-model settings chosen by held-out likelihood (never by landmark hits): longest stage
      ${DW.esc(s.max_dur)} months, ${DW.esc(s.family)} durations; ${DW.esc(s.folds)} blocked, forward-chaining folds.</p>`;
  }
  async function cycle(dyad) {
    const fail = (id, what) => e => {
      const el = document.getElementById(id);
      if (el) el.innerHTML = `<p class="error">${DW.esc(what)}: ${DW.esc(e.message)}</p>`;
    };
    comparisonPanel(dyad).catch(fail("comparison-body", "The model comparison is not available"));
    methodsPanel(dyad).catch(fail("methods-body", "The second method is not available"));
    const fused = DW.getJSON(`/api/cycle/fused${q(dyad)}`);  // both requests at once
    fused.catch(() => {});  // handled where it is awaited
    let ordered = null;
    try {
      ordered = await DW.getJSON(`/api/cycle/ordered${q(dyad)}`);
      await stagesPanel(ordered);
    } catch (e) { fail("stage-probabilities", "The ordered stage model is not available")(e); }
    await fusedPanel(fused, ordered).catch(fail("fused-plot", "The fused measure is not available"));
  }
  return {cycle};
})());

/* Model pages: the ACH form, trust and neighbours. */
Object.assign(DW, (() => {
  const RATINGS = ["CC", "C", "N", "I", "II", "NA"];
  const STARTER = [
    ["NATO battlegroups deployed in the Baltic states from 2017", {real: "C", perceived: "C", contrived: "N"}],
    ["The deployments are small relative to Russian forces in the Western Military District", {real: "I", perceived: "C", contrived: "C"}],
    ["Russia raised the claim consistently in doctrine documents over years", {real: "C", perceived: "CC", contrived: "I"}],
  ];
  function row(hyps, text, ratings) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td><input class="ev-text" size="60" maxlength="2000" value="${DW.esc(text)}"></td>
      <td><input class="ev-weight" type="number" min="0.1" max="100" step="0.1" value="1" style="width:4em"></td>` +
      hyps.map(h => `<td><select data-h="${DW.esc(h)}">${RATINGS.map(r =>
        `<option${(ratings[h] || "N") === r ? " selected" : ""}>${r}</option>`).join("")}</select></td>`).join("");
    return tr;
  }
  async function threats(hyps) {
    const body = document.querySelector("#ach-matrix tbody"), out = document.getElementById("ach-result");
    const form = document.getElementById("ach-form");
    STARTER.forEach(([t, r]) => body.appendChild(row(hyps, t, r)));
    async function assess() {
      const evidence = [...body.querySelectorAll("tr")].map((tr, i) => ({
        id: `E${i + 1}`, text: tr.querySelector(".ev-text").value || `evidence ${i + 1}`,
        weight: Number(tr.querySelector(".ev-weight").value) || 1,
        ratings: Object.fromEntries([...tr.querySelectorAll("select")].map(s => [s.dataset.h, s.value]))}));
      try {
        const res = await DW.getJSON("/api/threats/assess", {method: "POST", headers: {"Content-Type": "application/json"},
          body: JSON.stringify({claim: form.claim.value || "claim", hypotheses: hyps, evidence})});
        out.innerHTML = `<h3>Ranking: <span id="ach-ranking">${res.ranking.map(DW.esc).join(" &gt; ")}</span></h3>
          <p>Inconsistency scores (lower is more likely): ${Object.entries(res.scores).map(([h, s]) => `${DW.esc(h)} ${s}`).join(", ")}</p>
          <p>Conclusion: ${DW.esc(res.conclusion.most_likely.join(" or "))}, confidence ${DW.esc(res.conclusion.confidence)}</p>
          <p class="muted">Diagnosticity: ${Object.entries(res.diagnosticity).map(([e, d]) => `${DW.esc(e)} ${d}`).join(", ")}</p>`;
      } catch (e) { out.innerHTML = `<p class="error">${DW.esc(e.message)}</p>`; }
    }
    form.addEventListener("change", assess);
    form.addEventListener("submit", ev => { ev.preventDefault(); assess(); });
    document.getElementById("add-evidence").addEventListener("click", () => { body.appendChild(row(hyps, "", {})); assess(); });
    assess();
    const reg = await DW.getJSON("/api/threats");
    document.querySelector("#register tbody").innerHTML = reg.map(c =>
      `<tr><td>${DW.esc(c.date)}</td><td>${DW.esc(c.claim)}</td><td>${DW.esc(c.most_likely)}</td><td>${DW.esc(c.confidence)}</td></tr>`).join("");
  }
  async function models() {
    const f = document.getElementById("forgetting"), a = document.getElementById("asymmetry");
    async function drawTrust() {
      document.getElementById("trust-params").textContent = `forgetting ${f.value}, compliance weight ${a.value}`;
      const rows = await DW.getJSON(`/api/trust?forgetting=${f.value}&asymmetry=${a.value}`);
      const keys = Object.keys(rows[0] || {});
      const year = keys.find(k => k === "year") || keys[0];
      const mean = keys.find(k => k === "mean") || keys.find(k => k.includes("mean"));
      const lo = keys.find(k => /lo|lower|q05/.test(k)), hi = keys.find(k => /hi|upper|q95/.test(k));
      const x = rows.map(r => r[year]);
      await Plotly.react("trust-plot", [
        {x, y: rows.map(r => r[hi]), mode: "lines", line: {width: 0}, showlegend: false, hoverinfo: "skip"},
        {x, y: rows.map(r => r[lo]), mode: "lines", line: {width: 0}, fill: "tonexty", fillcolor: "rgba(31,111,139,0.2)", name: "90% interval"},
        {x, y: rows.map(r => r[mean]), mode: "lines+markers", name: "posterior mean", line: {color: "#1f6f8b"}}],
        {height: 360, yaxis: {range: [0, 1], title: "P(West keeps to norms)"}, margin: {t: 20}, template: "plotly_white"},
        {displaylogo: false, responsive: true});
    }
    f.addEventListener("input", drawTrust); a.addEventListener("input", drawTrust); drawTrust();
    const n = await DW.getJSON("/api/neighbours");
    const countries = [...new Set(n.panel.map(r => r.country))], years = [...new Set(n.panel.map(r => r.year))].sort();
    const code = {aligned: 0, neutral: 1, opposed: 2};
    const z = countries.map(c => years.map(y => { const r = n.panel.find(p => p.country === c && p.year === y); return r ? code[r.status] : null; }));
    await Plotly.newPlot("neighbours-plot", [{type: "heatmap", x: years, y: countries, z, zmin: 0, zmax: 2,
      colorscale: [[0, "#c0392b"], [0.5, "#bdbdbd"], [1, "#1f6f8b"]],
      colorbar: {tickvals: [0, 1, 2], ticktext: ["aligned", "neutral", "opposed"]}}],
      {height: 480, margin: {l: 60, t: 20}, template: "plotly_white"}, {displaylogo: false, responsive: true});
    const st = n.states;
    document.getElementById("neighbours-matrix").innerHTML = `<table><thead><tr><th>from \\ to</th>${st.map(s => `<th>${DW.esc(s)}</th>`).join("")}</tr></thead><tbody>` +
      st.map(a => `<tr><th>${DW.esc(a)}</th>${st.map(b => `<td>${Number(n.matrix[a][b]).toFixed(2)}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
  }
  return {threats, models};
})());

/* The risk page: run a shipped crisis scenario. */
Object.assign(DW, (() => {
  function table(rows) {
    if (!rows || !rows.length) return "";
    const cols = Object.keys(rows[0]);
    return `<table><thead><tr>${cols.map(c => `<th>${DW.esc(c)}</th>`).join("")}</tr></thead><tbody>` +
      rows.map(r => `<tr>${cols.map(c => `<td>${DW.esc(typeof r[c] === "number" ? Number(r[c].toPrecision(4)) : r[c])}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
  }
  async function risk() {
    const form = document.getElementById("risk-form");
    const names = await DW.getJSON("/api/risk/scenarios");
    form.scenario.innerHTML = names.map(n => `<option>${DW.esc(n)}</option>`).join("");
    async function run() {
      const out = document.getElementById("risk-tables");
      try {
        const res = await DW.getJSON("/api/risk/run", {method: "POST", headers: {"Content-Type": "application/json"},
          body: JSON.stringify({scenario: form.scenario.value, n: Number(form.n.value) || 20000})});
        await Plotly.react("risk-plot", [{type: "bar", x: res.outcomes.map(o => o.outcome), y: res.outcomes.map(o => o.probability),
          marker: {color: "#1f6f8b"}}], {title: res.title, height: 340, yaxis: {title: "probability", range: [0, 1]}, template: "plotly_white"},
          {displaylogo: false, responsive: true});
        out.innerHTML = `<h3>Outcomes</h3>${table(res.outcomes)}<h3>Threat credibility by rung</h3>${table(res.credibility)}` +
          `<h3>Self-deterrence</h3>${table(res.self_deterrence)}`;
      } catch (e) { out.innerHTML = `<p class="error">${DW.esc(e.message)}</p>`; }
    }
    form.addEventListener("submit", ev => { ev.preventDefault(); run(); });
    run();
  }
  return {risk};
})());

/* Start the page's script (no inline scripts: the Content-Security-Policy allows only 'self'). */
document.addEventListener("DOMContentLoaded", () => {
  const body = document.body, page = body.dataset.page, dyad = body.dataset.dyad;
  const start = {
    overview: () => DW.overview(dyad),
    events: () => DW.explorer(dyad),
    models: () => DW.models(),
    risk: () => DW.risk(),
    threats: () => DW.threats(JSON.parse(body.dataset.hypotheses || "[]")),
  }[page];
  if (start) start();
});
