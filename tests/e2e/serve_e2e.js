// serve_e2e.js: end-to-end test of tally serve's page in headless Chromium
// (Debian's /usr/bin/chromium driven by npm's playwright-core): loads the page over
// a store of the project's own fixtures, checks the map's points against tally
// export, filters by date and by province, opens an incident and finds its claims
// and highlighted figures, reloads a shared URL, and saves a screenshot to
// tests/artifacts/. Usage: node tests/e2e/serve_e2e.js [DB]   (make e2e)
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const ROOT = path.join(__dirname, '..', '..');
const TALLY = path.join(ROOT, 'tally');
const DB = process.argv[2] || path.join(ROOT, 'build', 'e2e.db');
const ART = path.join(ROOT, 'tests', 'artifacts');
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

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(TALLY, ['serve', '--db', DB, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    check(await page.locator('path.incident-point').count() === all, `map has ${all} points`);
    check(await page.locator('path.incident-point.contested').count() ===
      JSON.parse(exportJson('geojson', [])).features.filter((f) => f.properties.contested).length, 'contested points are marked');
    check(await page.locator('#incidents tbody tr').count() === incidents([]).length, 'the table lists every incident');
    check(await page.locator('path.province').count() > 0, 'province outlines are drawn');
    check(await page.locator('#timeline canvas').count() > 0, 'the timeline is drawn');

    // 2. filter by date (March 2014)
    let mark = await readyMark(page);
    await page.fill('input[name=from]', '2014-03-01');
    await page.fill('input[name=to]', '2014-03-31');
    await page.click('#filters button[type=submit]');
    await ready(page, mark);
    const march = points(['--from', '2014-03-01', '--to', '2014-03-31']);
    check(march > 0 && march < all, 'March 2014 is a proper subset');
    check(await page.locator('path.incident-point').count() === march, `date filter: map has ${march} points`);
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
    check(await page.locator('path.incident-point').count() === diyala, `province filter: map has ${diyala} points`);
    check(await page.locator('path.province.selected').count() === 1, 'the province is outlined');
    const rows = await page.locator('#incidents tbody tr td:nth-child(5)').allTextContents();
    check(rows.length > 0 && rows.every((t) => t === 'Diyala'), 'province filter: the table');

    // 4. open an incident: every claim, its speaker and its sentence with the figure marked
    const contested = incidents(['--contested']).find((i) => i.members.some((m) => m.claims.length > 1)) || incidents([])[0];
    mark = await readyMark(page);
    await page.click('#clear');
    await ready(page, mark);
    mark = await readyMark(page);
    await page.click(`#incidents tbody tr[data-id="${contested.id}"]`);
    await ready(page, mark);
    check(await page.isVisible('#incident'), 'the incident opens');
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
    fs.mkdirSync(ART, { recursive: true });
    await page.screenshot({ path: path.join(ART, 'serve.png'), fullPage: true });

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
  } finally {
    await ctx.close();
    server.proc.kill('SIGTERM');
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => { failed++; console.error('FAIL e2e: ' + (e.stack || e)); }).finally(() => {
  console.log(`e2e: ${passed} passed, ${failed} failed (screenshot: tests/artifacts/serve.png)`);
  process.exit(failed ? 1 : 0);
});
