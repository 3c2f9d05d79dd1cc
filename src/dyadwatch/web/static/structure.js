/* The structure page: each structural measure with its breaks, the per-measure test, Park's comparison.
   Plain JavaScript over /api/structure/measures and /api/structure/park; no external requests. */
(() => {
  const VERDICT_COLOURS = {structure: "#2e7d32", personality: "#b71c1c", undecided: "#5a6172",
                           leaders: "#b71c1c"};
  const esc = s => { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; };
  const num = (v, d = 3) => v == null || Number.isNaN(v) ? "–" : Number(v).toFixed(d);
  const pval = v => v == null ? "–" : (v < 0.001 ? "< 0.001" : Number(v).toFixed(3));
  const signed = (v, d = 3) => v == null ? "–" : (v > 0 ? "+" : "") + Number(v).toFixed(d);
  const badge = v => `<span class="stage" style="background:${VERDICT_COLOURS[v] || "#555"}">${esc(v)}</span>`;

  async function getJSON(url) {
    const r = await fetch(url);
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(typeof body.detail === "string" ? body.detail : r.statusText);
    return body;
  }
  /* A period ("1999", "1999-03") or a date as an ISO date Plotly reads. */
  function when(p) { return p.length === 4 ? p + "-01-01" : p.length === 7 ? p + "-01" : p.slice(0, 10); }

  function freshnessLine(rows) {
    return (rows || []).map(f => `${esc(f.source)} ${esc(f.first)} to ${esc(f.last)} (${esc(f.events)} events; newest ` +
      `${esc(f.age_days)} days old${f.stale ? ", stale: run dyadwatch update" : ""})`).join("; ");
  }

  function drawSeries(data) {
    const el = document.getElementById("measures-plot");
    const n = data.series.length, gap = 0.05, h = (1 - gap * (n - 1)) / n;
    const traces = [], shapes = [], annotations = [], layout = {};
    let first = null, last = null;
    data.series.forEach((s, i) => {
      const ax = i === 0 ? "y" : `y${i + 1}`, top = 1 - i * (h + gap);
      layout[i === 0 ? "yaxis" : `yaxis${i + 1}`] = {domain: [top - h, top], zeroline: false};
      const x = s.points.map(p => when(p.period));
      first = first == null || x[0] < first ? x[0] : first;
      last = last == null || x[x.length - 1] > last ? x[x.length - 1] : last;
      if (s.points.some(p => p.lo != null)) {
        traces.push({x: x.concat([...x].reverse()), y: s.points.map(p => p.hi).concat(s.points.map(p => p.lo).reverse()),
          yaxis: ax, fill: "toself", fillcolor: "rgba(68,68,68,0.15)", line: {width: 0}, hoverinfo: "skip", showlegend: false});
      }
      traces.push({x, y: s.points.map(p => p.value), yaxis: ax, mode: s.points.length > 60 ? "lines" : "lines+markers",
        name: s.measure, line: {color: "#333"}, marker: {size: 5}, showlegend: false,
        hovertemplate: `${esc(s.measure)} %{x|%Y-%m}: %{y:.3f}<extra></extra>`});
      const end = s.points[s.points.length - 1].period;
      const yref = `${ax} domain`, lo = x[0], hi = end.length === 4 ? end + "-12-31" : end.slice(0, 7) + "-31";
      const vline = (d, colour, dash, width) => {  // only inside the span the measure's test used
        const at = when(d);
        if (at >= lo && at <= hi) shapes.push({type: "line", xref: "x", yref, x0: at, x1: at, y0: 0, y1: 1,
          line: {color: colour, dash, width}});
      };
      data.structural_events.forEach(e => vline(e.date, "rgba(120,120,120,0.45)", "solid", 1));
      data.transitions.forEach(t => vline(t.date, "#1f6f8b", "dash", 1.2));
      s.breaks.forEach(b => vline(b, "#c0392b", "solid", 2.2));
      annotations.push({xref: "paper", yref, x: 0, y: 1.0, xanchor: "left", yanchor: "bottom", showarrow: false,
        text: `<b>${esc(s.label)}</b> · ${s.breaks.length} breaks · verdict ${esc((data.measures.find(m => m.measure === s.measure) || {}).verdict)}`,
        font: {size: 12}});
    });
    Object.assign(layout, {height: 240 * n + 60, margin: {l: 60, r: 20, t: 30, b: 40}, shapes, annotations,
      xaxis: {type: "date", range: [first, last], anchor: n > 1 ? `y${n}` : "y"}, template: "plotly_white", hovermode: "closest"});
    el.dataset.measures = String(n);
    return Plotly.newPlot(el, traces, layout, {displaylogo: false, responsive: true});
  }

  function measuresTable(data) {
    const head = ["measure", "span", "n", "breaks", "held-out: leaders", "held-out: structure", "leaders − structure (se)",
                  "term gain R² (p)", "window", "near leader change (chance, p)", "near structural event (chance, p)", "verdict"];
    const rows = data.measures.map(m => `<tr title="${esc(m.text)}"><td>${esc(m.measure)}</td><td>${esc(m.span)}</td>
      <td>${esc(m.n)} ${esc(m.freq)}s</td><td>${esc(m.breaks)}</td><td>${num(m.lpd_leaders)}</td><td>${num(m.lpd_structure)}</td>
      <td>${signed(m.leaders_minus_structure)} (${num(m.se)})</td><td>${num(100 * m.term_r2_gain, 1)}% (${pval(m.p_terms)})</td>
      <td>${m.window ? `±${esc(m.window)} ${esc(m.freq)}s` : `same ${esc(m.freq)}`}</td>
      <td>${esc(m.near_leader)} (${num(m.chance_leader, 1)}, ${pval(m.p_leader)})</td>
      <td>${esc(m.near_structural)} (${num(m.chance_structural, 1)}, ${pval(m.p_structural)})</td><td>${badge(m.verdict)}</td></tr>`);
    document.getElementById("measures-table").innerHTML =
      `<table id="measures-rows"><thead><tr>${head.map(h => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>` +
      `<details><summary>Each measure in words</summary>${data.measures.map(m => `<p>${esc(m.text)}</p>`).join("")}</details>`;
    document.getElementById("measures-table").classList.remove("muted");
  }

  function verdictPanel(data) {
    const counts = {};
    data.measures.forEach(m => { counts[m.verdict] = (counts[m.verdict] || 0) + 1; });
    const el = document.getElementById("verdict-body");
    el.innerHTML = `<p>${Object.entries(counts).map(([v, c]) => `${badge(v)} × ${c}`).join(" ")}</p>
      <p id="robustness">${esc(data.robustness)}</p><p class="caption">Data: ${freshnessLine(data.freshness)}</p>`;
    el.classList.remove("muted");
  }

  function notesPanel(data) {
    const el = document.getElementById("notes-body");
    el.innerHTML = `<ul>${Object.entries(data.hypotheses).map(([k, v]) => `<li><b>${esc(k)}</b>: ${esc(v)}</li>`).join("")}</ul>` +
      `<p class="caption">${data.notes.map(esc).join(" ")}</p>`;
    el.classList.remove("muted");
  }

  async function park(dyad) {
    const el = document.getElementById("park-body");
    try {
      const p = await getJSON(`/api/structure/park?dyad=${encodeURIComponent(dyad)}`);
      const cols = ["model", "parameters", "r2", "bic", "lpd_blocked", "lpd_rolling"];
      const names = {model: "model", parameters: "parameters", r2: "in-sample R²", bic: "BIC",
                     lpd_blocked: "held-out log density (h-block)", lpd_rolling: "held-out log density (rolling origin)"};
      el.innerHTML = `<p>Verdict: ${badge(p.verdict)} · leaders minus structure ${signed(p.blocked_difference)}
        (se ${num(p.blocked_se)}) by h-block cross-validation, ${signed(p.rolling_difference)} (se ${num(p.rolling_se)})
        with a rolling origin over ${esc(p.rolling_folds)} years.</p>
        <table id="park-table"><thead><tr>${cols.map(c => `<th>${esc(names[c])}</th>`).join("")}</tr></thead><tbody>` +
        p.models.map(m => `<tr>${cols.map(c => `<td>${esc(typeof m[c] !== "number" || c === "parameters" ? m[c] : num(m[c], c === "bic" ? 1 : 3))}</td>`).join("")}</tr>`).join("") +
        `</tbody></table><p id="park-text">${esc(p.text)}</p><p><b>Across measures:</b> ${esc(p.robustness)}</p>
        <p class="caption">Park (2010, AJPS 54(3)) design on yearly means ${esc(p.start)}–${esc(p.end)}: leader fixed effects
        against ${esc(p.covariates.join(", "))} and steps at ${esc(p.breaks.length)} structural events (${esc(p.breaks.join(", "))}).
        Decided by held-out log density, not by in-sample R² or BIC: structure or leaders only when the h-block difference
        exceeds two standard errors and the rolling origin agrees in sign.</p>`;
      el.classList.remove("muted");
    } catch (e) { el.innerHTML = `<p class="error">The Park comparison is not available: ${esc(e.message)}</p>`; }
  }

  async function start() {
    const dyad = document.body.dataset.dyad || "USA-RUS";
    const parkDone = park(dyad);
    try {
      const data = await getJSON(`/api/structure/measures?dyad=${encodeURIComponent(dyad)}`);
      verdictPanel(data); measuresTable(data); notesPanel(data);
      await drawSeries(data);
    } catch (e) {
      for (const id of ["verdict-body", "measures-table", "notes-body"]) {
        document.getElementById(id).innerHTML = `<p class="error">${esc(e.message)}</p>`;
      }
    }
    await parkDone;
    document.body.dataset.ready = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
