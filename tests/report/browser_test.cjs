// Opens a candor HTML report in Debian's headless Chromium (driven by playwright-core; no browser
// is ever downloaded) and checks it as a reader would meet it: no console errors, no network,
// charts drawn, filters and search working, the side-by-side view filled, and a planted hostile
// answer shown as text without running.
//
//   node browser_test.cjs REPORT.html [--screenshot PNG] [--expect-planted] [--only-planted]
//                         [--timing]
//
// --only-planted checks only what hostile answers must not do (run, create elements, change the
// title, log errors, reach the network), for small reports of a real run that have too few
// answers for the chart and filter checks.
//
// Environment: CANDOR_REPORT_NODE_MODULES = third_party/report-assets/node_modules,
// CHROMIUM (default /usr/bin/chromium).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const report = path.resolve(args[0]);
const screenshot = args.includes('--screenshot') ? args[args.indexOf('--screenshot') + 1] : null;
const onlyPlanted = args.includes('--only-planted');
const expectPlanted = onlyPlanted || args.includes('--expect-planted');
const timing = args.includes('--timing');
const modules = process.env.CANDOR_REPORT_NODE_MODULES;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

let failures = 0;
let passed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failures++;
    console.log(`FAIL ${what}`);
  }
}

async function main() {
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: scripts/bootstrap installs Debian's chromium`);
  }
  const { chromium } = require(path.join(modules, 'playwright-core'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const errors = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:')) requests.push(u);
    });

    const t0 = Date.now();
    await page.goto('file://' + report, { waitUntil: 'load', timeout: 120000 });
    const tLoad = Date.now() - t0;
    await page.waitForFunction(() => window.__candorReady === true, null, { timeout: 120000 });
    const tReady = Date.now() - t0;
    if (timing) console.log(`timing: load event ${tLoad} ms, charts drawn ${tReady} ms`);

    if (!onlyPlanted) {
      // Charts: every chart container holds an SVG with marks in it.
      for (const id of ['heatmap', 'asymmetry', 'asymmetry-diff', 'language']) {
        const marks = await page.locator(`#${id} svg .mark-rect path, #${id} svg .mark-symbol path, ` +
          `#${id} svg .mark-rule line, #${id} svg .mark-rect, #${id} svg .mark-symbol`).count();
        check(await page.locator(`#${id} svg`).count() > 0 && marks > 0, `#${id} is drawn as SVG with marks (${marks})`);
      }
      check(await page.locator('#cards .card').count() > 0, 'summary cards are shown');

      if (timing) {
        // Filtering runs synchronously in the change handler; searching builds its lower-case
        // index on the first query (then reuses it).
        const filterMs = await page.evaluate(() => {
          const s = document.getElementById('tx-verdict');
          s.selectedIndex = 1;
          const t = performance.now();
          s.dispatchEvent(new Event('change'));
          const ms = performance.now() - t;
          s.selectedIndex = 0;
          s.dispatchEvent(new Event('change'));
          return ms;
        });
        const searchMs = await page.evaluate(async () => {
          const q = document.getElementById('tx-search');
          const out = [];
          for (const text of ['tiananmen', 'massacre']) {
            const t = performance.now();
            q.value = text;
            q.dispatchEvent(new Event('input'));
            await new Promise((r) => setTimeout(r, 200));  // the 150 ms debounce, then the search
            out.push(performance.now() - t - 150);  // an upper bound: at least 50 ms
          }
          q.value = '';
          q.dispatchEvent(new Event('input'));
          await new Promise((r) => setTimeout(r, 200));
          return out;
        });
        console.log(`timing: filter ${filterMs.toFixed(0)} ms, first search <= ${searchMs[0].toFixed(0)} ms, ` +
          `next search <= ${searchMs[1].toFixed(0)} ms`);
        const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
        if (heap) console.log(`timing: JS heap ${(heap / 1048576).toFixed(0)} MiB`);
      }

      // The transcript browser: a filter changes the count, and every row shown matches it.
      const count = async () => Number(await page.locator('#tx-count').getAttribute('data-count'));
      const all = await count();
      check(all > 0, `transcripts list every answer (${all})`);
      check(await page.locator('#tx-list .tx-row').count() === Math.min(25, all), 'one page of rows is rendered');
      await page.selectOption('#tx-verdict', { label: 'refused' });
      const refused = await count();
      check(refused > 0 && refused < all, `verdict filter narrows ${all} to ${refused}`);
      const badges = await page.locator('#tx-list .tx-head .badge').allTextContents();
      check(badges.length > 0 && badges.every((b) => b === 'refused'), 'every row shown is refused');
      await page.selectOption('#tx-target', { index: 1 });
      const oneTarget = await count();
      check(oneTarget > 0 && oneTarget < refused, `target filter narrows to ${oneTarget}`);
      await page.selectOption('#tx-verdict', { value: '' });
      await page.selectOption('#tx-target', { value: '' });
      check(await count() === all, 'clearing the filters shows everything again');
      await page.click('#tx-next');
      check((await page.locator('#tx-page').textContent()).startsWith('page 2'), 'pager moves to page 2');

      // The side-by-side view: a table per language, one row per target, facts highlighted.
      check(await page.locator('#sbs table.sbs-table').count() > 0, 'side-by-side shows a table per language');
      const families = await page.locator('#sbs-family option').count();
      check(families > 1, `side-by-side offers ${families} families`);
      await page.selectOption('#tx-verdict', { label: 'answered' });
      check(await page.locator('#tx-list mark').count() > 0, 'facts found are highlighted in answers');
      await page.selectOption('#tx-verdict', { value: '' });
    }

    // The planted answer: searchable, shown as text, never run.
    if (expectPlanted) {
      await page.fill('#tx-search', '__pwned');
      await page.waitForFunction(() => document.getElementById('tx-count').dataset.count === '1', null, { timeout: 10000 });
      const text = await page.locator('#tx-list .tx-row .tx-answer').first().textContent();
      check(text.includes("<script>window.__pwned=1;document.title='pwned'</script></textarea>"),
        'the planted <script> answer is shown as text');
      check(await page.locator('#tx-list script, #tx-list img, #tx-list textarea').count() === 0,
        'the planted answer created no element');
      check(await page.locator('#sbs script, #sbs img').count() === 0, 'the side-by-side view has no model-made element');
    }
    const pwned = await page.evaluate(() => window.__pwned);
    check(pwned === undefined, 'no planted script ran (window.__pwned is unset)');
    check(await page.title() !== 'pwned', 'the document title was not changed by a model answer');

    check(errors.length === 0, 'no console errors' + (errors.length ? ': ' + errors.join(' | ') : ''));
    check(requests.length === 0, 'no network requests' + (requests.length ? ': ' + requests.join(' ') : ''));

    if (screenshot) {
      await page.fill('#tx-search', '');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshot, fullPage: false });
      console.log(`screenshot: ${screenshot}`);
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`${passed} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}, (e) => {
  console.log(`FAIL ${e && e.stack ? e.stack : e}`);
  console.log(`${passed} passed, ${failures + 1} failed`);
  process.exit(1);
});
