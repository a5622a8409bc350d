// serve_e2e.js: end-to-end test of tally serve's page in headless Chromium
// (Debian's /usr/bin/chromium driven by npm's playwright-core): loads the page over
// a store of the project's own fixtures, checks the map's points and clusters against
// tally export, that the map fits them and has a legend, that the timeline draws
// nothing across gaps, the counts by type and actor, the downloads in each export
// format, filters by date and by province, opens an incident from a row, from the
// keyboard and from its permalink and finds its claims, speakers, highlighted
// figures and article link, checks the controls' accessible names, reloads a shared
// URL, and saves screenshots to build/e2e/ (listed at the end).
// Usage: node tests/e2e/serve_e2e.js [DB]   (make e2e)
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const ROOT = path.join(__dirname, '..', '..');
const TALLY = path.join(ROOT, 'tally');
const DB = process.argv[2] || path.join(ROOT, 'build', 'e2e.db');
const ART = path.join(ROOT, 'build', 'e2e');
const shots = [];
async function shot(page, name, what) {
  fs.mkdirSync(ART, { recursive: true });
  const file = path.join(ART, name);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(`${path.relative(ROOT, file)}: ${what}`);
}
let passed = 0, failed = 0;

function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.error('FAIL e2e: ' + what); }
}

// What the store says, through the CLI rather than the server under test.
function exportJson(fmt, args) {
  return execFileSync(TALLY, ['export', '--db', DB, '--format', fmt, ...args], { encoding: 'utf8' });
}
function points(args) { return JSON.parse(exportJson('geojson', args)).features.length; }
function incidents(args) { return exportJson('json', args).split('\n').filter(Boolean).map((l) => JSON.parse(l)); }
function cli(args) { return execFileSync(TALLY, args, { encoding: 'utf8' }); }

// The points on the map: single points and the incidents inside clusters.
async function mapCounts(page) {
  const single = await page.locator('path.incident-point').count();
  const inClusters = await page.$$eval('.incident-cluster', (es) => es.map((e) => Number(e.dataset.count)));
  return { single, clusters: inClusters.length, total: single + inClusters.reduce((a, b) => a + b, 0) };
}
// A speaker's words that are no speaker: a pronoun, a relative word or a helper verb.
const FRAGMENT = /^(which|that|who|whom|it|its|he|she|they|has|have|had|been|is|was|were|be)\b/i;

function startServer(db) {
  return new Promise((resolve, reject) => {
    const p = spawn(TALLY, ['serve', '--db', db || DB, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[^\s]+\//);
      if (m) resolve({ proc: p, url: m[0] });
    });
    p.on('exit', (code) => reject(new Error('tally serve exited with ' + code)));
    setTimeout(() => reject(new Error('tally serve printed no address')), 10000);
  });
}

async function ready(page, before) {
  await page.waitForFunction((b) => document.body.dataset.ready && document.body.dataset.ready !== b,
    before, { timeout: 15000 });
  check(await page.evaluate(() => document.body.dataset.ready !== 'error'), 'the page reports no error: ' +
    await page.textContent('#status'));
}
const readyMark = (page) => page.evaluate(() => document.body.dataset.ready || '');

const SHARED = path.join(ROOT, '..', 'shared');
async function sharedData(ctx) {
  const isaf = path.join(SHARED, 'dev', 'isaf', 'articles.jsonl'), seeds = path.join(SHARED, 'seeds');
  if (!fs.existsSync(isaf) || !fs.existsSync(seeds)) { console.log('e2e: shared data: skipped: ../shared is absent'); return; }
  const db = path.join(ROOT, 'build', 'e2e-shared.db');
  for (const f of [db, db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
  execFileSync(TALLY, ['ingest', '--db', db, seeds, isaf], { stdio: 'ignore' });
  const srv = await startServer(db);
  try {
    const page = await ctx.newPage();
    await page.goto(srv.url);
    await ready(page, '');
    const b = await page.evaluate(() => { const x = window.tallyMap.getBounds(); return [x.getWest(), x.getEast(), x.getSouth(), x.getNorth()]; });
    check(b[1] - b[0] < 120, `shared data: the map fits the incidents, not the world: longitudes ${b[0].toFixed(0)} to ${b[1].toFixed(0)}`);
    const mc = await mapCounts(page);
    const n = JSON.parse(execFileSync(TALLY, ['export', '--db', db, '--format', 'geojson'], { encoding: 'utf8' })).features.length;
    check(mc.total === n && mc.clusters > 0, `shared data: ${n} incidents on the map, clustered: ${JSON.stringify(mc)}`);
    const tl = await page.evaluate(() => window.tallyTimeline);
    const [xs, , kmin] = tl.data;
    let bridged = 0;
    for (let i = 0; i + 1 < xs.length; i++)
      if (kmin[i] !== null && kmin[i + 1] !== null && xs[i + 1] - xs[i] > tl.step) bridged++;
    check(bridged === 0 && kmin.includes(null), `shared data: no timeline line across a gap (${bridged})`);
    await shot(page, 'shared-seeds-isaf.png', `the seeds and the ISAF releases (${n} incidents with places): map fitted and clustered, timeline broken across 2008-2009`);
    await page.close();
  } finally {
    srv.proc.kill('SIGTERM');
  }
}

async function main() {
  const server = await startServer();
  const base = server.url;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-e2e-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    const offsite = [], errors = [];
    page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });

    // 1. the whole store: one point per incident with coordinates
    await page.goto(base);
    await ready(page, '');
    const all = points([]);
    check(all > 0, 'the fixtures give incidents with places');
    let mc = await mapCounts(page);
    check(mc.total === all, `map has ${all} incidents as points and clusters: ${JSON.stringify(mc)}`);
    check(mc.clusters > 0, 'dense points are clustered at the fitted zoom');
    check(await page.locator('#incidents tbody tr').count() === incidents([]).length, 'the table lists every incident');
    check(await page.locator('path.province').count() > 0, 'province outlines are drawn');
    check(await page.locator('#timeline canvas').count() > 0, 'the timeline is drawn');
    // the map fits the incidents: every point inside the view, and the view no wider than they need
    const geo = JSON.parse(exportJson('geojson', [])).features;
    const fit = await page.evaluate((pts) => {
      const b = window.tallyMap.getBounds();
      const lons = pts.map((p) => p[0]), lats = pts.map((p) => p[1]);
      return { inside: pts.every(([lon, lat]) => b.contains([lat, lon])), viewW: b.getEast() - b.getWest(),
        needW: Math.max(...lons) - Math.min(...lons), viewH: b.getNorth() - b.getSouth(), needH: Math.max(...lats) - Math.min(...lats) };
    }, geo.map((f) => f.geometry.coordinates));
    check(fit.inside, 'the map shows every incident');
    check(fit.viewW < Math.max(fit.needW * 3, 10) || fit.viewH < Math.max(fit.needH * 3, 10),
      `the map fits the incidents, not the world: view ${fit.viewW.toFixed(1)}x${fit.viewH.toFixed(1)} degrees for ${fit.needW.toFixed(1)}x${fit.needH.toFixed(1)}`);
    // the legend: size = killed, colour = type, dashed = contested
    const legend = await page.textContent('.legend');
    check(/killed/i.test(legend) && /Battles/.test(legend) && /Explosions\/Remote violence/.test(legend) && /contested/.test(legend),
      'the legend names size, types and contested: ' + legend);
    check(await page.locator('.legend circle[stroke-dasharray]').count() === 1, 'the legend shows contested as a dashed outline');
    const typeFill = await page.$$eval('path.incident-point', (es) => es.map((e) => [e.getAttribute('fill'), e.getAttribute('stroke-dasharray')]));
    check(typeFill.length > 0 && typeFill.every(([fill]) => /^#[0-9a-f]{6}$/.test(fill)), 'points are coloured by type');
    check(await page.locator('path.incident-point.contested').count() ===
      await page.locator('path.incident-point[stroke-dasharray]').count(), 'contested points, and only they, are dashed');
    // the timeline: no line between two points with a gap between them
    const tl = await page.evaluate(() => window.tallyTimeline);
    const [xs, , kmin] = tl.data;
    let bridged = 0, gaps = 0;
    for (let i = 0; i + 1 < xs.length; i++) {
      if (kmin[i] === null || kmin[i + 1] === null) { gaps += kmin[i] === null; continue; }
      if (xs[i + 1] - xs[i] > tl.step) bridged++;
    }
    check(gaps > 0 && bridged === 0, `the timeline breaks at gaps: ${gaps} gaps, ${bridged} lines across one`);
    // counts by type and by actor agree with the export
    const allInc = incidents([]);
    const tally = (key) => { const m = {}; for (const i of allInc) { const k = key(i); if (k) m[k] = (m[k] || 0) + 1; } return m; };
    const rowsOf = (sel) => page.$$eval(sel + ' tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    const byType = tally((i) => i.sub_event_type || i.event_type), byActor = tally((i) => i.actor1);
    const shownType = await rowsOf('#by-type'), shownActor = await rowsOf('#by-actor');
    check(shownType.length === Object.keys(byType).length && shownType.every(([k, n]) => byType[k] === Number(n)),
      'counts by type: ' + JSON.stringify(shownType));
    check(shownActor.length === Object.keys(byActor).length && shownActor.every(([k, n]) => byActor[k] === Number(n)),
      'counts by actor: ' + JSON.stringify(shownActor));
    check(allInc.every((i) => !i.actor1 || !/^(the |a |an )|[a-z]{3,} (force|forces)$/.test(i.actor1)),
      'actors are names from the table, not raw phrases');
    const bodyText = await page.evaluate(() => document.body.innerText);
    check(!/\b(null|undefined|NaN)\b/.test(bodyText), 'the page shows no null, undefined or NaN');
    await shot(page, 'overview.png', 'the whole store: the map fitted to the incidents with clusters (numbered) and the legend, the timeline broken at gaps, the counts by type and actor, the table with actors');
    // a cluster opens on a click: the map zooms in and the incidents are still all there
    const z0 = await page.evaluate(() => window.tallyMap.getZoom());
    await page.locator('.incident-cluster').first().focus();
    await page.keyboard.press('Enter'); // a cluster is a button: the keyboard opens it too
    await page.waitForFunction((z) => window.tallyMap.getZoom() > z, z0, { timeout: 5000 }).catch(() => {});
    const z1 = await page.evaluate(() => window.tallyMap.getZoom());
    check(z1 > z0, `a click on a cluster zooms in: ${z0} -> ${z1}`);
    const mz = await mapCounts(page);
    check(mz.total <= all && (mz.single > mc.single || mz.clusters !== mc.clusters), `the cluster opens up: ${JSON.stringify(mc)} -> ${JSON.stringify(mz)}`);
    await shot(page, 'cluster-zoomed.png', 'after a click on a cluster: the map zoomed in on its incidents');

    // 2. filter by date (March 2014)
    let mark = await readyMark(page);
    await page.fill('input[name=from]', '2014-03-01');
    await page.fill('input[name=to]', '2014-03-31');
    await page.click('#filters button[type=submit]');
    await ready(page, mark);
    const march = points(['--from', '2014-03-01', '--to', '2014-03-31']);
    check(march > 0 && march < all, 'March 2014 is a proper subset');
    check((await mapCounts(page)).total === march, `date filter: map has ${march} incidents`);
    check(await page.locator('#incidents tbody tr').count() === incidents(['--from', '2014-03-01', '--to', '2014-03-31']).length,
      'date filter: the table');
    check(page.url().includes('from=2014-03-01') && page.url().includes('to=2014-03-31'), 'the filter is in the URL');

    // 3. and by province
    mark = await readyMark(page);
    await page.selectOption('select[name=admin1]', 'Diyala');
    await page.click('#filters button[type=submit]');
    await ready(page, mark);
    const diyala = points(['--from', '2014-03-01', '--to', '2014-03-31', '--admin1', 'Diyala']);
    check(diyala > 0 && diyala <= march, 'Diyala in March 2014 has incidents');
    check((await mapCounts(page)).total === diyala, `province filter: map has ${diyala} incidents`);
    check(await page.locator('path.province.selected').count() === 1, 'the province is outlined');
    const rows = await page.locator('#incidents tbody tr td:nth-child(5)').allTextContents();
    check(rows.length > 0 && rows.every((t) => t === 'Diyala'), 'province filter: the table');
    // counts and downloads follow the filter: each download is what tally export gives
    const dArgs = ['--from', '2014-03-01', '--to', '2014-03-31', '--admin1', 'Diyala'];
    const dTypes = await rowsOf('#by-type');
    check(dTypes.reduce((a, [, n]) => a + Number(n), 0) === incidents(dArgs).length, 'counts by type follow the filter');
    const wantDl = {
      acled: exportJson('acled', dArgs), cameo: exportJson('cameo', dArgs), geojson: exportJson('geojson', dArgs),
      csv: cli(['incidents', '--db', DB, '--format', 'csv', ...dArgs]), json: exportJson('json', dArgs),
    };
    for (const [fmt, body] of Object.entries(wantDl)) {
      const href = await page.getAttribute(`#downloads a[data-format=${fmt}]`, 'href');
      const got = await page.evaluate((h) => fetch(h).then((r) => r.text()), href);
      check(href.includes('admin1=Diyala') && got === body && body.length > 0, `the ${fmt} download is tally export's (${href})`);
    }
    check(wantDl.acled.split('\n')[0].split(',').length === 31, 'the ACLED download has ACLED\'s 31 columns');
    await shot(page, 'filtered.png', 'Diyala in March 2014: the province outlined, the map fitted to it, counts and downloads for the filter');

    // 4. open an incident: every claim, its speaker and its sentence with the figure marked
    const contested = incidents(['--contested']).find((i) => i.members.some((m) => m.claims.length > 1)) || incidents([])[0];
    mark = await readyMark(page);
    await page.click('#clear');
    await ready(page, mark);
    mark = await readyMark(page);
    await page.click(`#incidents tbody tr[data-id="${contested.id}"]`);
    await ready(page, mark);
    check(await page.isVisible('#incident'), 'the incident opens');
    check(!/\b(null|undefined|NaN)\b/.test(await page.innerText('#incident')), 'the incident shows no null, undefined or NaN');
    const claims = contested.members.flatMap((m) => m.claims);
    check(await page.locator('#incident .claim').count() === claims.length, `incident ${contested.id}: ${claims.length} claims shown`);
    const by = await page.locator('#incident .claim .by').allTextContents();
    for (const c of claims) check(by.includes(c.by || 'the article'), `claim by ${c.by} shown`);
    const marks = await page.locator('#incident mark.figure').allTextContents();
    const want = claims.flatMap((c) => c.figures.map(([a, b]) => Buffer.from(c.text, 'utf8').subarray(a, b).toString('utf8')));
    check(want.length > 0 && marks.length === want.length && want.every((w) => marks.includes(w)),
      `figures highlighted: ${JSON.stringify(marks)} = ${JSON.stringify(want)}`);
    const quote = await page.locator('#incident .claim blockquote').first().textContent();
    check(quote === claims[0].text, 'the source sentence is shown whole');
    check(page.url().includes('incident=' + contested.id), 'the selected incident is in the URL');
    await shot(page, 'incident.png', `incident ${contested.id} opened from its table row: claims with speakers and highlighted figures, actors, permalink`);

    // 4b. speakers are people or bodies, never fragments ("which it", "It has been")
    const speakers = allInc.flatMap((i) => i.members.flatMap((m) => m.claims.map((c) => c.by))).filter(Boolean);
    check(speakers.length > 0 && speakers.every((b) => !FRAGMENT.test(b)),
      'no speaker is a fragment: ' + speakers.filter((b) => FRAGMENT.test(b)).join(' | '));
    check(by.every((b) => !FRAGMENT.test(b)), 'no fragment shown as a speaker on the page');

    // 4c. from the keyboard: a row takes the focus, Enter opens it and moves the focus to it;
    // its permalink opens it alone; its article link is the article's URL
    const withUrl = allInc.find((i) => i.url && i.id !== contested.id);
    check(!!withUrl, 'a fixture incident has an article URL');
    mark = await readyMark(page);
    await page.focus(`#incidents tbody tr[data-id="${withUrl.id}"]`);
    await page.keyboard.press('Enter');
    await ready(page, mark);
    check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'incident',
      'Enter on a row opens the incident and moves the focus to it');
    check((await page.textContent('#incident h2')).includes('#' + withUrl.id), 'the keyboard opened the right incident');
    check(await page.getAttribute('#incident a.article-link', 'href') === withUrl.url, 'the article link is the article URL');
    const permalink = await page.getAttribute('#incident a.permalink', 'href');
    check(permalink.endsWith('#incident=' + withUrl.id), 'the permalink names the incident: ' + permalink);
    await shot(page, 'keyboard-incident.png', `incident ${withUrl.id} opened with Enter on its row: the focus ring on the incident, permalink and article link`);
    const pl = await ctx.newPage();
    await pl.goto(permalink);
    await ready(pl, '');
    check((await pl.textContent('#incident h2')).includes('#' + withUrl.id), 'the permalink opens the incident');
    await pl.close();

    // 4d. every control has a name a screen reader reads, and the form works from the keyboard
    const unnamed = await page.$$eval('#filters input, #filters select, #filters button, #pager button, #downloads a, #counts button',
      (es) => es.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).map((e) => e.outerHTML));
    check(unnamed.length === 0, 'every control has a label: ' + unnamed.join(' '));
    for (const name of ['from', 'to', 'country', 'province', 'type', 'actor', 'source', 'killed at least', 'contested only'])
      check(await page.getByLabel(name, { exact: true }).count() === 1, `a control is labelled "${name}"`);
    check(await page.getByRole('button', { name: 'Filter', exact: true }).count() === 1, 'the Filter button is named');
    mark = await readyMark(page);
    await page.focus('input[name=from]');
    await page.keyboard.type('2014-03-01');
    await page.keyboard.press('Enter');
    await ready(page, mark);
    check(page.url().includes('from=2014-03-01'), 'Enter in a filter field filters');
    mark = await readyMark(page);
    await page.click('#clear');
    await ready(page, mark);

    // 5. a shared URL opens the same view
    const shared = await ctx.newPage();
    await shared.goto(base + '#admin1=Diyala&incident=' + contested.id);
    await ready(shared, '');
    check(await shared.isVisible('#incident') && (await shared.textContent('#incident h2')).includes('#' + contested.id),
      'a shared URL opens the incident');
    check(await shared.inputValue('select[name=admin1]') === 'Diyala', 'a shared URL sets the filters');
    await shared.close();

    check(offsite.length === 0, 'no request leaves the server: ' + offsite.join(' '));
    check(errors.length === 0, 'no script errors: ' + errors.join(' | '));

    // 6. bad requests are 4xx
    for (const [p, code] of [['api/incidents?from=2014-13', 400], ['api/incidents?limit=0', 400], ['api/nope', 404],
      ['api/incidents/999999', 404], ['%2e%2e/%2e%2e/etc/passwd', 404], ['vendor/../package.json', 404]]) {
      const r = await fetch(base + p);
      check(r.status === code, `${p}: ${r.status}, want ${code}`);
    }

    // 7. the shared seeds and ISAF releases, as a new user tries them (skipped when ../shared is absent):
    // the map fits them (not the world) and the timeline draws nothing across the years without data
    await sharedData(ctx);
  } finally {
    await ctx.close();
    server.proc.kill('SIGTERM');
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => { failed++; console.error('FAIL e2e: ' + (e.stack || e)); }).finally(() => {
  for (const s of shots) console.log('screenshot ' + s);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
});
