// CI check: /docs (Swagger UI served by the binary) in headless Debian Chromium.
//
// usage: node docs-check.mjs BASE_URL SCENARIO.json SCREENSHOT.png
//
// Loads BASE_URL/docs, opens POST /v1/comparisons, "Try it out", "Execute", and checks that the page
// shows a 200 server response. The request body is the document's own example when that example runs
// against the server; otherwise (reported as a warning) SCENARIO.json is typed into the body editor.
// Every request the page makes is recorded: any that would leave the loopback interface is blocked
// and fails the check. Saves a screenshot of the executed operation (and SCREENSHOT-overview.png of
// the page as first rendered).
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [baseUrl, scenarioPath, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !scenarioPath || !screenshotPath) {
  console.error("usage: node docs-check.mjs BASE_URL SCENARIO.json SCREENSHOT.png");
  process.exit(2);
}

let passed = 0;
function check(cond, what) {
  if (!cond) throw new Error(`docs: FAILED: ${what}`);
  passed += 1;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;
const NOT_NETWORK = new Set(["data:", "blob:", "about:", "chrome:", "chrome-error:"]);
const requests = [];
const offLoopback = [];
const pageErrors = [];
const consoleErrors = [];

function isLoopback(url) {
  const u = new URL(url);
  return NOT_NETWORK.has(u.protocol) || LOOPBACK.test(u.hostname);
}

// The example Swagger UI pre-fills for a request body: the media type's, else the schema's.
function documentExample(doc, op) {
  const media = op.requestBody?.content?.["application/json"] ?? {};
  let example = media.example ?? Object.values(media.examples ?? {})[0]?.value;
  if (example === undefined && media.schema?.$ref) {
    example = doc.components.schemas[media.schema.$ref.split("/").pop()]?.example;
  }
  return example ?? media.schema?.example;
}

// What to execute in the page: POST /v1/comparisons, with a body that runs.
async function chooseTarget(doc) {
  const op = doc.paths?.["/v1/comparisons"]?.post;
  if (!op) {
    // Only while the comparisons endpoint is not in the committed document yet.
    console.log("docs: SKIPPED: POST /v1/comparisons is not in the document; Try it out runs GET /v1/catalog instead");
    const cat = doc.paths["/v1/catalog"].get;
    return { tag: cat.tags[0], id: cat.operationId, method: "GET", path: "/v1/catalog", body: null, expect: ['"catalog_version"', '"stats"'] };
  }
  const target = { tag: op.tags[0], id: op.operationId, method: "POST", path: "/v1/comparisons", body: null, expect: ['"catalog_version"', '"ranking"'] };
  const example = documentExample(doc, op);
  let why = "the document has no example for it";
  if (example !== undefined) {
    const r = await fetch(`${baseUrl}/v1/comparisons`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(example),
    });
    if (r.status === 200) {
      console.log("docs: the document's example for POST /v1/comparisons runs (200); executing it as pre-filled");
      return target;
    }
    why = `the server answers ${r.status}: ${(await r.text()).slice(0, 600)}`;
  }
  console.log(`docs: WARNING: the document's example for POST /v1/comparisons does not run: ${why}`);
  console.log(`docs: executing ${scenarioPath} instead`);
  target.body = readFileSync(scenarioPath, "utf8");
  return target;
}

const doc = await (await fetch(`${baseUrl}/openapi.json`)).json();
const target = await chooseTarget(doc);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  console.log(`docs: ${browser.browserType().name()} ${browser.version()}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: "block" });
  context.on("request", (req) => {
    requests.push(`${req.method()} ${req.url()}`);
    if (!isLoopback(req.url())) offLoopback.push(`${req.method()} ${req.url()}`);
  });
  // Nothing leaves the machine even if the page asks: non-loopback requests are aborted (and fail the check).
  await context.route("**/*", (route) =>
    isLoopback(route.request().url()) ? route.continue() : route.abort("blockedbyclient"),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));

  const nav = await page.goto(`${baseUrl}/docs`, { waitUntil: "load" });
  check(nav && nav.ok(), `GET /docs answered ${nav && nav.status()}`);
  const op = page.locator(`[id="operations-${target.tag}-${target.id}"]`);
  await op.waitFor({ state: "visible" });
  check((await page.locator(".swagger-ui .info .title").innerText()).includes(doc.info.title), "the document's title is shown");
  const shownOps = await page.locator(".opblock").count();
  const docOps = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);
  check(shownOps === docOps, `Swagger UI shows ${shownOps} operations; the document has ${docOps}`);
  console.log(`docs: Swagger UI rendered all ${shownOps} operations of the document`);
  const overview = screenshotPath.replace(/\.png$/, "") + "-overview.png";
  await page.screenshot({ path: overview });
  console.log(`docs: screenshot ${overview}`);

  await op.locator(".opblock-summary").first().click();
  await op.getByRole("button", { name: "Try it out" }).click();
  if (target.method === "POST") {
    const editor = op.locator("textarea.body-param__text");
    await editor.waitFor({ state: "visible" });
    check((await editor.inputValue()).includes('"options"'), "the body editor is pre-filled with a scenario");
    if (target.body !== null) await editor.fill(target.body);
  }

  const url = `${baseUrl}${target.path}`;
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().split("?")[0] === url && r.request().method() === target.method),
    op.getByRole("button", { name: "Execute" }).click(),
  ]);
  check(response.status() === 200, `${target.method} ${target.path} from the page answered ${response.status()}`);

  const live = op.locator(".live-responses-table");
  await live.waitFor({ state: "visible" });
  const status = (await live.locator("tbody tr.response td.response-col_status").first().innerText()).trim();
  check(status === "200", `the page shows server response ${JSON.stringify(status)}`);
  const shown = await live.locator("tbody tr.response td.response-col_description").first().innerText();
  check(target.expect.every((s) => shown.includes(s)), `the page shows the response body (${target.expect.join(", ")})`);
  check((await op.locator(".curl-command").innerText()).includes(target.path), "the page shows the curl command");
  console.log(`docs: Try it out -> Execute on ${target.method} ${target.path}: the page shows 200`);

  // Screenshot: the end of the request, the request URL and the 200 response, in one frame.
  await live.evaluate((el) => {
    el.scrollIntoView({ block: "start" });
    window.scrollBy(0, -420);
  });
  await page.screenshot({ path: screenshotPath });
  console.log(`docs: screenshot ${screenshotPath}`);

  check(pageErrors.length === 0, `no JavaScript errors on the page: ${pageErrors.join(" | ")}`);
  if (consoleErrors.length) console.log(`docs: console errors (not failing): ${consoleErrors.join(" | ")}`);
  console.log(`docs: ${requests.length} requests made by the page, every one to a loopback address`);
  check(
    offLoopback.length === 0,
    `requests that would have left the loopback interface (blocked):\n  ${offLoopback.join("\n  ")}`,
  );
  await context.close();
} finally {
  await browser.close();
}
console.log(`docs: ${passed} passed, 0 failed`);
