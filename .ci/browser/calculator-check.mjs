// CI check: the calculator page at / in headless Debian Chromium.
//
// usage: node calculator-check.mjs BASE_URL ARTIFACTS_DIR
//
// Loads BASE_URL/ (English, 1280 px), picks the team-im template and the global market, moves the users
// slider and checks that the ranking table and the cumulative-cash chart (its <metadata> figures) show
// exactly what GET /v1/comparisons answers for the same inputs (fetched here, not through the page);
// switches the chart to P&L and back; compares the sweep chart's crossovers with its JSON; takes
// screenshots at 1280 px and 360 px (no horizontal overflow at 360 px); switches to Chinese and checks the
// names and the chart title; runs axe-core (WCAG 2.0/2.1 A and AA) in English at 1280 px and in Chinese
// at 360 px and fails on any serious or critical violation; walks the page with Tab; opens the two SVG
// endpoints by themselves. Every request the browser makes is recorded: any that leaves the server's
// origin is blocked and fails the check. Screenshots go to ARTIFACTS_DIR.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { launchChromium } from "./launch.mjs";

const require = createRequire(import.meta.url);
const [baseArg, artifacts] = process.argv.slice(2);
if (!baseArg || !artifacts) {
  console.error("usage: node calculator-check.mjs BASE_URL ARTIFACTS_DIR");
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, "");
const ORIGIN = new URL(BASE).origin;
const TEMPLATE = "team-im";
const MARKET = "global";
const DRIVER = "users";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const IMPACTS = ["critical", "serious", "moderate", "minor"];
const HAN = /[\u3400-\u9fff]/;
const started = Date.now();

// ---------------------------------------------------------------------------------------------------
// Bookkeeping: steps, checks, requests.

const steps = []; // {name, ok, checks, failures: [], ms}
let current = null;
let pageHandle = null; // for a screenshot on failure

class CheckFailed extends Error {}

function log(msg) {
  console.log(`calculator: ${msg}`);
}

// A check that must hold; a failing one ends its step (later steps still run).
function check(cond, what) {
  current.checks += 1;
  if (!cond) throw new CheckFailed(what);
}

// A check that is recorded as a failure but lets the step go on.
function expect(cond, what) {
  current.checks += 1;
  if (!cond) {
    current.failures.push(what);
    log(`  FAIL: ${what}`);
  }
  return cond;
}

async function step(name, fn, { fatal = false } = {}) {
  current = { name, ok: true, checks: 0, failures: [], ms: 0 };
  steps.push(current);
  const t0 = Date.now();
  log(`-- ${name}`);
  try {
    await fn();
  } catch (e) {
    const msg = e instanceof CheckFailed ? e.message : `${e && e.stack ? e.stack.split("\n").slice(0, 4).join("\n    ") : e}`;
    current.failures.push(msg);
    log(`  FAIL: ${msg}`);
    if (pageHandle) {
      const shot = join(artifacts, `calculator-failure-${steps.length}.png`);
      try {
        const state = await pageHandle.evaluate(() => ({
          state: document.body && document.body.dataset.state,
          error: document.querySelector("#error") && document.querySelector("#error").textContent.trim(),
        }));
        log(`  (page: data-state=${state.state}${state.error ? `, #error: ${state.error}` : ""})`);
        await pageHandle.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
        log(`  (screenshot of the failure: ${shot})`);
      } catch {
        /* the page may be gone */
      }
    }
  }
  current.ok = current.failures.length === 0;
  current.ms = Date.now() - t0;
  log(`   ${current.ok ? "PASS" : "FAIL"} ${name} (${current.checks} checks, ${current.ms} ms)`);
  if (!current.ok && fatal) throw new Error(`stopping: "${name}" failed, the later steps need it`);
  return current.ok;
}

const NOT_NETWORK = new Set(["data:", "blob:", "about:"]);
const requests = []; // every request the browser made: "METHOD URL"
const offOrigin = [];
const failedRequests = [];
const pageErrors = [];
const consoleErrors = [];

function sameOrigin(url) {
  const u = new URL(url, BASE);
  return NOT_NETWORK.has(u.protocol) || u.origin === ORIGIN;
}

// ---------------------------------------------------------------------------------------------------
// The API, asked directly (Node's fetch, not the page).

async function api(path, { lang = "en" } = {}) {
  const url = new URL(path, BASE);
  const r = await fetch(url, { headers: { accept: "application/json", "accept-language": lang } });
  const text = await r.text();
  if (!r.ok) throw new CheckFailed(`GET ${url.pathname}${url.search} answered ${r.status}: ${text.slice(0, 400)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new CheckFailed(`GET ${url.pathname}${url.search} is not JSON: ${text.slice(0, 200)}`);
  }
}

function comparisonQuery(users, extra = {}) {
  const q = new URLSearchParams({ template: TEMPLATE, market: MARKET, [DRIVER]: users, ...extra });
  return `/v1/comparisons?${q}`;
}

// What the ranking table must show for a comparison: by_npv in order, with each option's totals.cash.
function expectedRanking(cmp) {
  const cash = new Map(cmp.options.map((o) => [o.name, String(o.totals.cash)]));
  return cmp.ranking.by_npv.map((e) => ({
    option: e.option,
    rank: String(e.rank),
    npv: String(e.value),
    cash: cash.get(e.option),
  }));
}

// What the cash (or pnl) chart's <metadata> must hold for a comparison.
function expectedChart(cmp, chart) {
  const options = cmp.options.map((o) => ({
    option: o.name,
    final: String(chart === "pnl" ? o.totals.expense : o.monthly[o.monthly.length - 1].cumulative_cash),
  }));
  const breakEven =
    chart === "pnl"
      ? []
      : cmp.break_even
          .filter((b) => b.month !== null && b.month !== undefined)
          .map((b) => {
            const o = cmp.options.find((x) => x.name === b.option);
            const row = o && o.monthly.find((m) => m.month === b.month);
            return { option: b.option, month: b.month, cumulative_cash: row ? String(row.cumulative_cash) : undefined };
          });
  return { chart, catalog_version: cmp.catalog_version, currency: String(cmp.currency), horizon_months: cmp.horizon_months, options, break_even: breakEven };
}

function fmt(x) {
  return JSON.stringify(x);
}

// Compares two lists of records field by field; returns the differences (empty when equal).
function diffRows(label, got, want, fields) {
  const out = [];
  if (got.length !== want.length) out.push(`${label}: ${got.length} rows shown, ${want.length} in the JSON`);
  for (let i = 0; i < Math.min(got.length, want.length); i++) {
    for (const f of fields) {
      if (String(got[i][f]) !== String(want[i][f])) {
        out.push(`${label}[${i}].${f}: page ${fmt(got[i][f])}, JSON ${fmt(want[i][f])}`);
      }
    }
  }
  return out;
}

function compareChart(meta, want) {
  const out = [];
  if (!meta) return ["no chart <metadata> found"];
  for (const f of ["chart", "catalog_version", "currency", "horizon_months"]) {
    if (String(meta[f]) !== String(want[f])) out.push(`metadata.${f}: chart ${fmt(meta[f])}, JSON ${fmt(want[f])}`);
  }
  out.push(...diffRows("metadata.options", meta.options ?? [], want.options, ["option", "final"]));
  out.push(...diffRows("metadata.break_even", meta.break_even ?? [], want.break_even, ["option", "month", "cumulative_cash"]));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The page.

// Counts data-state transitions (a MutationObserver installed before any page script), so that a wait
// after an input change cannot mistake the "ready" of the previous answer for the new one.
const STATE_OBSERVER = `(() => {
  window.__ci = { loading: 0, ready: 0, error: 0, log: [] };
  const seen = (state) => {
    if (state in window.__ci) window.__ci[state] += 1;
    window.__ci.log.push(state + "@" + Math.round(performance.now()));
    if (window.__ci.log.length > 200) window.__ci.log.shift();
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes" && r.target === document.body) seen(document.body.getAttribute("data-state"));
      if (r.type === "childList") for (const n of r.addedNodes) if (n === document.body && n.hasAttribute("data-state")) seen(n.getAttribute("data-state"));
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
})();`;

async function counters(page) {
  return page.evaluate(() => ({ ...(window.__ci ?? { loading: 0, ready: 0, error: 0 }), log: undefined }));
}

let v1InFlight = 0;

// Waits until the page is ready and stays ready (no /v1 request in flight, no state change) for a quiet
// period. With `since` (counters taken before an action) it first waits for the page to start a new
// load; `mustReload` makes not starting one a failure.
async function settle(page, { since = null, mustReload = false, what = "the page", timeout = 30_000 } = {}) {
  if (since) {
    const reloaded = await page
      .waitForFunction((n) => window.__ci && (window.__ci.loading > n.loading || window.__ci.ready > n.ready || window.__ci.error > n.error), since, {
        timeout: mustReload ? 8_000 : 2_500,
      })
      .then(() => true, () => false);
    if (mustReload) check(reloaded, `${what}: body[data-state] never left "ready" within 8 s of the change (no re-query?)`);
  }
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await page
      .waitForFunction(
        () => {
          const s = document.body && document.body.getAttribute("data-state");
          return s === "ready" || s === "error" ? s : false;
        },
        null,
        { timeout: Math.max(1000, deadline - Date.now()) },
      )
      .then((h) => h.jsonValue())
      .catch(async () => {
        const s = await page.evaluate(() => document.body && document.body.getAttribute("data-state"));
        throw new CheckFailed(`${what}: body[data-state] is ${fmt(s)}, not "ready", after ${timeout / 1000} s`);
      });
    if (state === "error") {
      const msg = await page.evaluate(() => document.querySelector("#error")?.textContent.trim());
      throw new CheckFailed(`${what}: body[data-state="error"]; #error says: ${fmt(msg)}`);
    }
    const before = await counters(page);
    await page.waitForTimeout(400);
    const after = await counters(page);
    const still = await page.evaluate(() => document.body.getAttribute("data-state"));
    if (still === "ready" && v1InFlight === 0 && after.loading === before.loading && after.ready === before.ready) return;
    if (Date.now() > deadline) throw new CheckFailed(`${what}: the page did not settle in "ready" within ${timeout / 1000} s`);
  }
}

async function rankingRows(page) {
  return page.$$eval("#ranking tbody tr", (rows) =>
    rows.map((r) => ({
      option: r.getAttribute("data-option"),
      rank: r.getAttribute("data-rank"),
      npv: r.getAttribute("data-npv"),
      cash: r.getAttribute("data-cash"),
    })),
  );
}

// The JSON in the <metadata> of the chart inside `container` (null when absent or not JSON).
async function chartMeta(page, container) {
  return page.evaluate((sel) => {
    const m = document.querySelector(`${sel} svg metadata`);
    if (!m) return null;
    try {
      return { id: m.id, data: JSON.parse(m.textContent) };
    } catch (e) {
      return { id: m.id, data: null, error: String(e), text: m.textContent.slice(0, 200) };
    }
  }, container);
}

async function axeAudit(page, label) {
  const has = await page.evaluate(() => typeof window.axe === "object" && typeof window.axe.run === "function");
  if (!has) {
    // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply.
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  }
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return {
      version: r.testEngine && r.testEngine.version,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200), failureSummary: n.failureSummary })),
      })),
    };
  }, AXE_TAGS);
  const byImpact = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  for (const v of result.violations) byImpact[v.impact ?? "minor"] += 1;
  const nodes = result.violations.reduce((n, v) => n + v.nodes.length, 0);
  const rules = result.violations.map((v) => `${v.id}(${v.impact}, ${v.nodes.length})`).join(" ") || "none";
  log(
    `  axe-core ${result.version} [${label}]: ${result.violations.length} violations on ${nodes} nodes — ` +
      IMPACTS.map((i) => `${i} ${byImpact[i]}`).join(", ") +
      `; rules: ${rules}`,
  );
  const bad = result.violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  for (const v of bad) {
    log(`  axe ${v.impact}: ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      log(`    target: ${n.target}`);
      log(`      html: ${n.html}`);
      log(`      ${String(n.failureSummary).replace(/\n/g, "\n      ")}`);
    }
  }
  // Judged in step 8.
  axeRuns.push({ label, byImpact, rules: result.violations.map((v) => v.id), bad: bad.map((v) => v.id) });
}
const axeRuns = [];
const screenshots = [];

async function shoot(page, name, opts = {}) {
  const path = join(artifacts, name);
  if (await page.evaluate(() => document.documentElement.localName === "svg")) {
    // A bare SVG document: Playwright's screenshot waits for document.fonts, which an SVG document
    // never settles; the DevTools protocol's capture does not wait.
    const cdp = await page.context().newCDPSession(page);
    const { data } = await cdp.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
    await cdp.detach();
    writeFileSync(path, Buffer.from(data, "base64"));
  } else {
    await page.screenshot({ path, fullPage: true, timeout: 15_000, ...opts });
  }
  screenshots.push(path);
  log(`  screenshot ${path}`);
}

// Sets an input (number, range, select) the way a user would, so the page's input/change handlers run.
async function setValue(page, selector, value) {
  const el = page.locator(selector);
  const tag = await el.evaluate((e) => e.tagName.toLowerCase());
  if (tag === "select") await el.selectOption(value);
  else {
    // Typed, then focus leaves the field (the page may listen to input or to change).
    await el.fill(String(value));
    await el.blur();
  }
}

/** Selects TEMPLATE and MARKET, waiting for each answer. */
async function chooseTemplateAndMarket(page) {
  let since = await counters(page);
  await page.selectOption("#template", TEMPLATE);
  await settle(page, { since, what: `template ${TEMPLATE}` });
  since = await counters(page);
  await page.selectOption("#market", MARKET);
  await settle(page, { since, what: `market ${MARKET}` });
}

// ---------------------------------------------------------------------------------------------------
// The run.

const browser = await launchChromium();
let exitCode = 0;
try {
  log(`${browser.browserType().name()} ${browser.version()}, server ${BASE}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", serviceWorkers: "block" });
  const watch = (ctx) => {
    ctx.on("request", (req) => {
      requests.push(`${req.method()} ${req.url()}`);
      if (!sameOrigin(req.url())) offOrigin.push(`${req.method()} ${req.url()}`);
      if (new URL(req.url()).pathname.startsWith("/v1/")) v1InFlight += 1;
    });
    const done = (req) => {
      if (new URL(req.url()).pathname.startsWith("/v1/")) v1InFlight = Math.max(0, v1InFlight - 1);
    };
    ctx.on("requestfinished", done);
    ctx.on("requestfailed", (req) => {
      done(req);
      failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
    });
    ctx.on("response", (res) => {
      if (res.status() >= 400) failedRequests.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
    });
    // Nothing leaves the server's origin even if the page asks: such requests are aborted (and fail the check).
    return ctx.route("**/*", (route) => (sameOrigin(route.request().url()) ? route.continue() : route.abort("blockedbyclient")));
  };
  await watch(context);
  await context.addInitScript(STATE_OBSERVER);
  const page = await context.newPage();
  pageHandle = page;
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));

  let templates = null;
  let before = null; // cash chart metadata before the slider moved
  let users = null; // the users value after the slider moved
  let cmpEn = null;

  // 1 ------------------------------------------------------------------------------------------------
  await step(
    "1. load / (English, 1280x900): ready, #template lists GET /v1/templates",
    async () => {
      const nav = await page.goto(`${BASE}/`, { waitUntil: "load" });
      check(nav && nav.ok(), `GET / answered ${nav && nav.status()}`);
      check(/text\/html/.test(nav.headers()["content-type"] ?? ""), `GET / is HTML (${nav.headers()["content-type"]})`);
      await settle(page, { what: "first load" });
      expect((await page.getAttribute("html", "lang")) === "en", `html[lang] is ${fmt(await page.getAttribute("html", "lang"))}, expected "en" (Accept-Language en-US)`);
      expect((await page.getAttribute("#lang-en", "aria-pressed")) === "true", `#lang-en[aria-pressed] is not "true" in English`);
      const list = await api("/v1/templates");
      templates = (Array.isArray(list) ? list : list.templates).map((t) => t.id);
      const shown = await page.$$eval("select#template option", (os) => os.map((o) => o.value));
      log(`  #template options: ${shown.join(", ")}`);
      check(fmt([...shown].sort()) === fmt([...templates].sort()), `#template options ${fmt(shown)} are not the ids of GET /v1/templates ${fmt(templates)}`);
      const markets = await page.$$eval("select#market option", (os) => os.map((o) => o.value));
      log(`  #market options: ${markets.join(", ")}`);
      check(markets.includes(MARKET), `#market has no option ${MARKET}: ${fmt(markets)}`);
    },
    { fatal: true },
  );

  // 2 ------------------------------------------------------------------------------------------------
  await step("2. template team-im, market global; move #driver-users-slider", async () => {
    await chooseTemplateAndMarket(page);
    let since;
    check((await page.inputValue("#template")) === TEMPLATE, `#template is ${await page.inputValue("#template")}`);
    check((await page.inputValue("#market")) === MARKET, `#market is ${await page.inputValue("#market")}`);

    const detail = await api(`/v1/templates/${TEMPLATE}`);
    const drivers = Object.keys(detail.drivers ?? {});
    const params = Object.keys(detail.parameters ?? {});
    for (const d of drivers) {
      expect((await page.locator(`input#driver-${d}[type=number]`).count()) === 1, `no input#driver-${d}[type=number]`);
      expect((await page.locator(`input#driver-${d}-slider[type=range]`).count()) === 1, `no input#driver-${d}-slider[type=range]`);
    }
    for (const p of params) expect((await page.locator(`input#param-${p}[type=number]`).count()) === 1, `no input#param-${p}[type=number]`);
    for (const s of ["horizon_months", "discount_rate"]) expect((await page.locator(`input#setting-${s}`).count()) === 1, `no input#setting-${s}`);
    log(`  inputs present for drivers ${drivers.join(", ")}; parameters ${params.join(", ")}; settings horizon_months, discount_rate`);

    before = await chartMeta(page, "#cash-chart");
    check(before && before.data, `no JSON <metadata> in #cash-chart svg before the slider moved: ${fmt(before)}`);
    const usersBefore = await page.inputValue(`#driver-${DRIVER}`);
    const slider = page.locator(`#driver-${DRIVER}-slider`);
    const pos = Number(await slider.inputValue());
    const target = pos < 600 ? 700 : 300;
    since = await counters(page);
    await slider.fill(String(target));
    await page.waitForFunction(([sel, old]) => document.querySelector(sel).value !== old, [`#driver-${DRIVER}`, usersBefore], { timeout: 5_000 }).catch(() => {
      throw new CheckFailed(`moving #driver-${DRIVER}-slider from ${pos} to ${target} left #driver-${DRIVER} at ${usersBefore}`);
    });
    await settle(page, { since, mustReload: true, what: "after the slider moved" });
    users = await page.inputValue(`#driver-${DRIVER}`);
    check(/^\d+$/.test(users), `#driver-${DRIVER} holds ${fmt(users)}, not a whole number of users`);
    log(`  slider ${pos} -> ${await slider.inputValue()}: #driver-${DRIVER} ${usersBefore} -> ${users}`);
  });

  // 3 ------------------------------------------------------------------------------------------------
  await step("3. ranking and cash chart agree with GET /v1/comparisons for the same inputs", async () => {
    check(users !== null, "no users value (step 2 failed)");
    cmpEn = await api(comparisonQuery(users));
    const want = expectedRanking(cmpEn);
    const got = await rankingRows(page);
    log(`  JSON ranking: ${want.map((r) => `${r.rank}. ${r.option} npv ${r.npv} cash ${r.cash}`).join("; ")}`);
    const rankDiff = diffRows("#ranking tbody tr", got, want, ["option", "rank", "npv", "cash"]);
    expect(rankDiff.length === 0, `the ranking differs from the JSON:\n    ${rankDiff.join("\n    ")}`);

    const meta = await chartMeta(page, "#cash-chart");
    check(meta && meta.data, `no JSON <metadata> in #cash-chart svg: ${fmt(meta)}`);
    expect(meta.id === "chart-cash-data", `the cash chart's <metadata> id is ${fmt(meta.id)}, expected "chart-cash-data"`);
    const chartDiff = compareChart(meta.data, expectedChart(cmpEn, "cash"));
    expect(chartDiff.length === 0, `the cash chart's metadata differs from the JSON:\n    ${chartDiff.join("\n    ")}`);
    log(`  cash chart: finals ${meta.data.options?.map((o) => `${o.option} ${o.final}`).join("; ")}; ${meta.data.break_even?.length} break-even marks`);
    expect(fmt(meta.data) !== fmt(before?.data), "the cash chart's metadata did not change when the slider moved");
    const svg = await page.evaluate(() => {
      const s = document.querySelector("#cash-chart svg");
      const r = s.getBoundingClientRect();
      return { role: s.getAttribute("role"), title: s.querySelector("title")?.textContent ?? "", desc: s.querySelector("desc")?.textContent ?? "", w: r.width, h: r.height };
    });
    expect(svg.role === "img" && svg.title && svg.desc, `#cash-chart svg: role ${fmt(svg.role)}, title ${fmt(svg.title)}, desc ${fmt(svg.desc.slice(0, 60))}`);
    expect(svg.w > 0 && svg.h > 0, `#cash-chart svg is ${svg.w}x${svg.h} px`);

    const dataApi = await page.getAttribute("#results", "data-api");
    check(dataApi, "#results has no data-api");
    const u = new URL(dataApi, BASE);
    expect(u.origin === ORIGIN, `#results[data-api] ${dataApi} is not on ${ORIGIN}`);
    expect(u.pathname === "/v1/comparisons", `#results[data-api] path is ${u.pathname}`);
    expect(u.searchParams.get("template") === TEMPLATE, `#results[data-api] template=${u.searchParams.get("template")}`);
    expect(u.searchParams.get(DRIVER) === users, `#results[data-api] ${DRIVER}=${u.searchParams.get(DRIVER)}, the input shows ${users}`);
    log(`  #results[data-api] = ${dataApi}`);
    if (rankDiff.length || chartDiff.length) {
      // Diagnosis: is it the page's query or its rendering?
      const asked = await api(u.pathname + u.search);
      const d2 = diffRows("ranking (page vs its own data-api JSON)", got, expectedRanking(asked), ["option", "rank", "npv", "cash"]);
      log(`  diagnosis: against the page's own data-api answer the ranking ${d2.length ? `also differs: ${d2.join("; ")}` : "agrees (so the page queries other inputs than template/market/users)"}`);
    }
  });

  // 4 ------------------------------------------------------------------------------------------------
  await step("4. #view-pnl shows the P&L chart (finals = totals.expense); #view-cash back", async () => {
    check(cmpEn, "no comparison (step 3 failed)");
    let since = await counters(page);
    await page.check("#view-pnl");
    await settle(page, { since, what: "view pnl" });
    await page.waitForFunction(() => document.querySelector("#cash-chart svg metadata")?.id === "chart-pnl-data", null, { timeout: 10_000 }).catch(() => {});
    const meta = await chartMeta(page, "#cash-chart");
    check(meta && meta.data, `no JSON <metadata> in #cash-chart svg in the P&L view: ${fmt(meta)}`);
    expect(meta.id === "chart-pnl-data", `the P&L chart's <metadata> id is ${fmt(meta.id)}, expected "chart-pnl-data"`);
    const diff = compareChart(meta.data, expectedChart(cmpEn, "pnl"));
    expect(diff.length === 0, `the P&L chart's metadata differs from the JSON:\n    ${diff.join("\n    ")}`);
    log(`  P&L chart: finals ${meta.data.options?.map((o) => `${o.option} ${o.final}`).join("; ")}`);
    since = await counters(page);
    await page.check("#view-cash");
    await settle(page, { since, what: "view cash" });
    await page.waitForFunction(() => document.querySelector("#cash-chart svg metadata")?.id === "chart-cash-data", null, { timeout: 10_000 }).catch(() => {});
    const back = await chartMeta(page, "#cash-chart");
    expect(back?.data?.chart === "cash", `after #view-cash the chart is ${fmt(back?.data?.chart)}`);
  });

  // 5 ------------------------------------------------------------------------------------------------
  await step("5. sweep chart: crossovers equal its JSON (#sweep-chart[data-api])", async () => {
    const vars = await page.$$eval("select#sweep-variable option", (os) => os.map((o) => o.value));
    expect(vars.length > 0, "select#sweep-variable has no options");
    log(`  #sweep-variable options: ${vars.join(", ")} (selected ${await page.inputValue("#sweep-variable").catch(() => "?")})`);
    const dataApi = await page.getAttribute("#sweep-chart", "data-api");
    check(dataApi, "#sweep-chart has no data-api");
    const u = new URL(dataApi, BASE);
    expect(u.origin === ORIGIN, `#sweep-chart[data-api] ${dataApi} is not on ${ORIGIN}`);
    expect(u.pathname === "/v1/sweeps", `#sweep-chart[data-api] path is ${u.pathname}`);
    expect(!u.searchParams.has("format") || u.searchParams.get("format") === "json", `#sweep-chart[data-api] asks format=${u.searchParams.get("format")}`);
    const sweep = await api(u.pathname + u.search);
    const meta = await chartMeta(page, "#sweep-chart");
    check(meta && meta.data, `no JSON <metadata> in #sweep-chart svg: ${fmt(meta)}`);
    expect(meta.id === "chart-sweep-data", `the sweep chart's <metadata> id is ${fmt(meta.id)}`);
    const m = meta.data;
    expect(m.chart === "sweep", `sweep metadata chart=${fmt(m.chart)}`);
    expect(m.variable === sweep.variable, `sweep metadata variable ${fmt(m.variable)}, JSON ${fmt(sweep.variable)}`);
    expect(m.points === sweep.points.length, `sweep metadata points ${m.points}, JSON ${sweep.points.length}`);
    expect(String(m.currency) === String(sweep.currency), `sweep metadata currency ${fmt(m.currency)}, JSON ${fmt(sweep.currency)}`);
    const want = sweep.crossovers.map((c) => ({ from: c.from, to: c.to, at: String(c.at) }));
    const diff = diffRows("crossovers", m.crossovers ?? [], want, ["from", "to", "at"]);
    expect(diff.length === 0, `the sweep chart's crossovers differ from the JSON:\n    ${diff.join("\n    ")}`);
    log(`  sweep of ${sweep.variable} (${sweep.points.length} points): crossovers ${want.map((c) => `${c.from} -> ${c.to} at ${c.at}`).join("; ") || "none"}`);
    log(`  #sweep-chart[data-api] = ${dataApi}`);
  });

  // 6 ------------------------------------------------------------------------------------------------
  await step("6. screenshots at 1280 px and 360 px (no horizontal overflow at 360 px); axe in English at 1280 px", async () => {
    await shoot(page, "calculator-1280.png");
    await axeAudit(page, "en, 1280 px");
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(500);
    await settle(page, { what: "at 360 px" });
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      client: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter((e) => !e.closest("[data-overflow-ok]"))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.split(/\s+/).join(".") : ""} (right ${Math.round(e.getBoundingClientRect().right)})`),
    }));
    log(`  at 360 px: documentElement.scrollWidth ${widths.scroll}`);
    expect(widths.scroll <= 360, `horizontal overflow at 360 px: scrollWidth ${widths.scroll}; widest elements: ${widths.wide.join(", ")}`);
    await shoot(page, "calculator-360.png");
  });

  // 7 ------------------------------------------------------------------------------------------------
  await step("7. Chinese: #lang-zh, html[lang=zh-CN], names as GET ...&lang=zh-CN, Chinese chart title; axe at 360 px", async () => {
    check(users !== null, "no users value (step 2 failed)");
    const since = await counters(page);
    await page.click("#lang-zh");
    await settle(page, { since, mustReload: true, what: "after #lang-zh" });
    expect((await page.getAttribute("html", "lang")) === "zh-CN", `html[lang] is ${fmt(await page.getAttribute("html", "lang"))} after #lang-zh`);
    expect((await page.getAttribute("#lang-zh", "aria-pressed")) === "true", `#lang-zh[aria-pressed] is ${fmt(await page.getAttribute("#lang-zh", "aria-pressed"))}`);
    expect((await page.getAttribute("#lang-en", "aria-pressed")) !== "true", `#lang-en[aria-pressed] is still "true"`);
    expect((await page.inputValue(`#driver-${DRIVER}`)) === users, `#driver-${DRIVER} is ${await page.inputValue(`#driver-${DRIVER}`)} after switching language, was ${users}`);
    const zh = await api(comparisonQuery(users, { lang: "zh-CN" }), { lang: "zh-CN" });
    const names = (await rankingRows(page)).map((r) => r.option);
    const want = zh.ranking.by_npv.map((e) => e.option);
    log(`  Chinese ranking: ${names.join("; ")}`);
    expect(fmt(names) === fmt(want), `the ranking's names ${fmt(names)} are not those of GET ...&lang=zh-CN ${fmt(want)}`);
    const title = await page.evaluate(() => document.querySelector("#cash-chart svg title")?.textContent ?? "");
    log(`  cash chart title: ${title}`);
    expect(HAN.test(title), `the cash chart's <title> has no Chinese characters: ${fmt(title)}`);
    const dataApi = await page.getAttribute("#results", "data-api");
    expect(new URL(dataApi, BASE).searchParams.get("lang") === "zh-CN", `#results[data-api] does not ask lang=zh-CN: ${dataApi}`);
    await shoot(page, "calculator-360-zh.png");
    await axeAudit(page, "zh-CN, 360 px");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(500);
    await settle(page, { what: "back at 1280 px" });
    await shoot(page, "calculator-1280-zh.png");

    // The default language follows Accept-Language (a browser whose locale is Chinese).
    const zhContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", serviceWorkers: "block" });
    await watch(zhContext);
    await zhContext.addInitScript(STATE_OBSERVER);
    const zhPage = await zhContext.newPage();
    zhPage.on("pageerror", (e) => pageErrors.push(String(e)));
    await zhPage.goto(`${BASE}/`, { waitUntil: "load" });
    await settle(zhPage, { what: "/ with Accept-Language zh-CN" });
    const lang = await zhPage.getAttribute("html", "lang");
    expect(lang === "zh-CN", `with Accept-Language zh-CN, / has html[lang]=${fmt(lang)}`);
    await zhPage.goto(`${BASE}/?lang=en`, { waitUntil: "load" });
    await settle(zhPage, { what: "/?lang=en with Accept-Language zh-CN" });
    const over = await zhPage.getAttribute("html", "lang");
    expect(over === "en", `with Accept-Language zh-CN, /?lang=en has html[lang]=${fmt(over)}`);
    log(`  Accept-Language zh-CN: html[lang]=${lang}; with ?lang=en: ${over}`);
    await zhContext.close();
  });

  // 8 ------------------------------------------------------------------------------------------------
  await step("8. axe-core: 0 serious or critical violations (WCAG 2.0/2.1 A and AA)", async () => {
    check(axeRuns.length === 2, `${axeRuns.length} of 2 axe runs happened (steps 6 and 7)`);
    // The audit can fail: on a page with an unlabelled image and button it reports both.
    const probe = await context.newPage();
    await probe.setContent('<!doctype html><html lang="en"><title>probe</title><main><img src="data:,"><button></button></main></html>');
    await probe.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const planted = await probe.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: "tag", values: tags } })).violations.map((v) => `${v.id}:${v.impact}`), AXE_TAGS);
    await probe.close();
    log(`  self-test: on a planted page axe reports ${planted.join(", ")}`);
    check(planted.includes("image-alt:critical") && planted.includes("button-name:critical"), `axe did not report the planted image-alt and button-name violations: ${fmt(planted)}`);
    for (const r of axeRuns) {
      log(`  [${r.label}] ${IMPACTS.map((i) => `${i} ${r.byImpact[i]}`).join(", ")}; rules: ${r.rules.join(", ") || "none"}`);
      expect(r.bad.length === 0, `axe [${r.label}]: serious or critical violations ${r.bad.join(", ")} (nodes listed above)`);
    }
  });

  // 9 ------------------------------------------------------------------------------------------------
  await step("9. keyboard: Tab from the top reaches #template, #driver-users-slider, #lang-zh", async () => {
    await page.goto(`${BASE}/?lang=en`, { waitUntil: "load" });
    await settle(page, { what: "reload for the keyboard walk" });
    const since = await counters(page);
    await page.selectOption("#template", TEMPLATE);
    await settle(page, { since, what: `template ${TEMPLATE}` });
    // Back to the top: focusing the body moves the sequential-focus starting point to the document's start.
    await page.evaluate(() => {
      const b = document.body;
      b.setAttribute("tabindex", "-1");
      b.focus();
      b.removeAttribute("tabindex");
      window.scrollTo(0, 0);
    });
    const wanted = ["template", `driver-${DRIVER}-slider`, "lang-zh"];
    const seen = [];
    for (let i = 0; i < 60 && !wanted.every((w) => seen.includes(w)); i++) {
      await page.keyboard.press("Tab");
      const id = await page.evaluate(() => {
        const a = document.activeElement;
        return a ? a.id || `${a.tagName.toLowerCase()}${a.getAttribute("href") ? `[href=${a.getAttribute("href").slice(0, 30)}]` : ""}` : "";
      });
      seen.push(id);
    }
    log(`  focus order (${seen.length} Tabs): ${seen.join(" > ")}`);
    for (const w of wanted) expect(seen.includes(w), `Tab never reached #${w} in ${seen.length} presses`);
    // A visible focus indicator on the slider (outline or box-shadow).
    const ring = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      el.focus();
      const s = getComputedStyle(el);
      return { outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow };
    }, `#driver-${DRIVER}-slider`);
    log(`  focused slider: outline ${ring.outline}, box-shadow ${ring.shadow}`);
  });

  // 9b -----------------------------------------------------------------------------------------------
  await step("9b. links: permalink restores the state; CSV, XLSX, SVG downloads and the WEBSERVICE formula", async () => {
    check(users !== null, "no users value (step 2 failed)");
    await chooseTemplateAndMarket(page);
    let since;
    if ((await page.inputValue(`#driver-${DRIVER}`)) !== users) {
      since = await counters(page);
      await setValue(page, `#driver-${DRIVER}`, users);
      await settle(page, { since, mustReload: true, what: `typing ${DRIVER}=${users}` });
    }
    const links = await page.evaluate(() =>
      Object.fromEntries(["permalink", "download-csv", "download-xlsx", "download-svg"].map((id) => [id, document.getElementById(id)?.href ?? null])),
    );
    const kinds = { "download-csv": /text\/csv/, "download-xlsx": /spreadsheetml|octet-stream/, "download-svg": /image\/svg\+xml/ };
    for (const [id, href] of Object.entries(links)) {
      if (!expect(href, `a#${id} has no href`)) continue;
      const u = new URL(href);
      expect(u.origin === ORIGIN, `a#${id} href ${href} is not on ${ORIGIN}`);
      if (id === "permalink") continue;
      expect(u.searchParams.get(DRIVER) === users, `a#${id} href does not carry ${DRIVER}=${users}: ${href}`);
      const r = await fetch(href);
      const type = r.headers.get("content-type") ?? "";
      await r.arrayBuffer();
      expect(r.ok && kinds[id].test(type), `a#${id} (${href}) answered ${r.status} ${type}`);
      log(`  a#${id}: ${r.status} ${type} ${u.pathname}${u.search}`);
    }
    const formula = await page.inputValue("#formula");
    expect((await page.getAttribute("#formula", "readonly")) !== null, "#formula is not readonly");
    expect(/^=WEBSERVICE\("[^"]*\/v1\/comparisons\/value\?[^"]*"\)/.test(formula), `#formula is ${fmt(formula)}`);
    const fm = formula.match(/"([^"]*)"/);
    if (fm) {
      const fu = new URL(fm[1], BASE);
      expect(fu.searchParams.get(DRIVER) === users, `#formula does not carry ${DRIVER}=${users}: ${formula}`);
      const r = await fetch(fu);
      const body = await r.text();
      expect(r.ok, `the formula's URL ${fu} answered ${r.status}: ${body.slice(0, 200)}`);
      log(`  #formula: ${formula} -> ${r.status} ${fmt(body.slice(0, 60))}`);
    }
    if (links.permalink) {
      const p2 = await context.newPage();
      p2.on("pageerror", (e) => pageErrors.push(String(e)));
      await p2.goto(links.permalink, { waitUntil: "load" });
      await settle(p2, { what: "the permalink" });
      const state = await p2.evaluate((d) => ({ template: document.querySelector("#template").value, market: document.querySelector("#market").value, value: document.querySelector(`#driver-${d}`).value }), DRIVER);
      expect(state.template === TEMPLATE && state.market === MARKET && state.value === users, `the permalink ${links.permalink} opens ${fmt(state)}, expected ${TEMPLATE}/${MARKET}/${DRIVER}=${users}`);
      const rows = await rankingRows(p2);
      expect(fmt(rows) === fmt(expectedRanking(cmpEn ?? (await api(comparisonQuery(users))))), "the permalink's ranking differs from the JSON for the same inputs");
      log(`  a#permalink: ${links.permalink} reopens ${state.template}/${state.market}/${DRIVER}=${state.value}`);
      await p2.close();
    }
  });

  // 10 -----------------------------------------------------------------------------------------------
  await step("10. the SVG endpoints render by themselves", async () => {
    const charts = [
      ["chart-comparison.png", `/v1/comparisons?template=${TEMPLATE}&${DRIVER}=137&format=svg`],
      ["chart-sweep.png", `/v1/sweeps?template=${TEMPLATE}&variable=${DRIVER}&from=10&to=5000&points=24&scale=log&format=svg`],
    ];
    for (const [file, path] of charts) {
      const nav = await page.goto(`${BASE}${path}`, { waitUntil: "load" });
      expect(nav && nav.ok() && /image\/svg\+xml/.test(nav.headers()["content-type"] ?? ""), `GET ${path} answered ${nav && nav.status()} ${nav && nav.headers()["content-type"]}`);
      const root = await page.evaluate(() => {
        const r = document.documentElement.getBoundingClientRect();
        return { name: document.documentElement.localName, ns: document.documentElement.namespaceURI, w: r.width, h: r.height, title: document.querySelector("title")?.textContent };
      });
      expect(root.name === "svg" && root.ns === "http://www.w3.org/2000/svg", `GET ${path}: the document element is <${root.name}> (${root.ns})`);
      expect(root.w > 0 && root.h > 0, `GET ${path}: the svg is ${root.w}x${root.h} px`);
      log(`  ${path}: <svg> ${Math.round(root.w)}x${Math.round(root.h)} px, "${root.title}"`);
      await shoot(page, file);
    }
  });

  // 11 -----------------------------------------------------------------------------------------------
  await step("11. every request stayed on the server's origin; no JavaScript errors", async () => {
    const v1 = requests.filter((r) => new URL(r.split(" ")[1]).pathname.startsWith("/v1/")).length;
    const assets = requests.filter((r) => new URL(r.split(" ")[1]).pathname.startsWith("/assets/")).length;
    log(`  ${requests.length} requests made by the browser (${v1} to /v1/, ${assets} to /assets/), ${offOrigin.length} off ${ORIGIN}`);
    expect(offOrigin.length === 0, `requests that would have left ${ORIGIN} (blocked):\n    ${offOrigin.join("\n    ")}`);
    expect(pageErrors.length === 0, `JavaScript errors on the page:\n    ${pageErrors.join("\n    ")}`);
    if (failedRequests.length) log(`  failed or non-2xx requests (not failing by themselves): ${failedRequests.slice(0, 10).join(" | ")}`);
    if (consoleErrors.length) log(`  console errors (not failing by themselves): ${consoleErrors.slice(0, 10).join(" | ")}`);
  });
  await context.close();
} catch (e) {
  log(String(e && e.message ? e.message : e));
  exitCode = 1;
} finally {
  await browser.close();
}

// ---------------------------------------------------------------------------------------------------
// Figures.

const failed = steps.filter((s) => !s.ok);
log("== summary");
for (const s of steps) log(`  ${s.ok ? "PASS" : "FAIL"}  ${s.name}${s.ok ? "" : `: ${s.failures[0].split("\n")[0]}`}`);
log(`  requests seen: ${requests.length}, off-origin: ${offOrigin.length}`);
for (const r of axeRuns) log(`  axe [${r.label}]: ${IMPACTS.map((i) => `${i} ${r.byImpact[i]}`).join(", ")}`);
log(`  screenshots: ${screenshots.join(", ") || "none"}`);
log(`  ${steps.reduce((n, s) => n + s.checks, 0)} checks in ${steps.length} steps, ${failed.length} step(s) failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failed.length || exitCode) {
  log(`FAILED: ${failed.map((s) => s.name.split(" ")[0].replace(/\.$/, "")).join(", ") || "setup"}`);
  process.exit(1);
}
log("passed");
