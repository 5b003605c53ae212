// CI check: /docs (Swagger UI served by the binary) in headless Debian Chromium.
//
// usage: node docs-check.mjs BASE_URL SCENARIO.json SCREENSHOT.png
//
// Loads BASE_URL/docs, opens POST /v1/comparisons, "Try it out", "Execute", and checks that the page
// shows a 200 server response. The request body is the one Swagger UI pre-fills from the document's
// examples when that body runs against the server; otherwise (reported as a warning) SCENARIO.json is
// typed into the body editor. Every example the document gives for that body is tried and reported.
// Every request the page makes is recorded: any that would leave the loopback interface is blocked
// and fails the check. Saves a screenshot of the executed operation (and SCREENSHOT-overview.png of
// the page as first rendered).
import { readFileSync } from "node:fs";
import { launchChromium } from "./launch.mjs";

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

// The examples of a request body's schema, following $ref and oneOf/anyOf (one per alternative).
function schemaExamples(doc, schema, seen = new Set()) {
  if (!schema) return [];
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    if (seen.has(name)) return [];
    seen.add(name);
    const found = schemaExamples(doc, doc.components.schemas[name], seen);
    return found.map((e) => ({ ...e, name: e.name ?? name }));
  }
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (alternatives.length) return alternatives.flatMap((a) => schemaExamples(doc, a, seen));
  return schema.example === undefined ? [] : [{ name: undefined, value: schema.example }];
}

async function post(path, body) {
  const r = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: r.status, text: (await r.text()).slice(0, 600) };
}

// What to execute in the page: POST /v1/comparisons.
function chooseTarget(doc) {
  const op = doc.paths?.["/v1/comparisons"]?.post;
  if (!op) {
    // Only while the comparisons endpoint is not in the committed document yet.
    console.log("docs: SKIPPED: POST /v1/comparisons is not in the document; Try it out runs GET /v1/catalog instead");
    const cat = doc.paths["/v1/catalog"].get;
    return { tag: cat.tags[0], id: cat.operationId, method: "GET", path: "/v1/catalog", expect: ['"catalog_version"', '"stats"'] };
  }
  return { tag: op.tags[0], id: op.operationId, method: "POST", path: "/v1/comparisons", op, expect: ['"catalog_version"', '"ranking"'] };
}

const doc = await (await fetch(`${baseUrl}/openapi.json`)).json();
const target = chooseTarget(doc);
if (target.op) {
  // Report on every example the document gives for the request body (informational).
  const media = target.op.requestBody?.content?.["application/json"] ?? {};
  const examples = [
    ...(media.example === undefined ? [] : [{ name: "requestBody", value: media.example }]),
    ...Object.entries(media.examples ?? {}).map(([name, e]) => ({ name, value: e.value })),
    ...schemaExamples(doc, media.schema),
  ];
  if (!examples.length) console.log("docs: WARNING: the document gives no example for the POST /v1/comparisons body");
  for (const e of examples) {
    const r = await post("/v1/comparisons", JSON.stringify(e.value));
    const ok = r.status === 200;
    console.log(`docs: ${ok ? "" : "WARNING: "}the document's ${e.name ?? "request"} example for POST /v1/comparisons ${ok ? "runs (200)" : `does not run: ${r.status}: ${r.text}`}`);
  }
}

const browser = await launchChromium();
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
    // Execute what Swagger UI pre-fills when it runs; otherwise the example scenario file.
    const editor = op.locator("textarea.body-param__text");
    await editor.waitFor({ state: "visible" });
    const prefilled = await editor.inputValue();
    let parses = true;
    try { JSON.parse(prefilled); } catch { parses = false; }
    check(parses && prefilled.trim().startsWith("{"), `the body editor is pre-filled with a JSON object: ${prefilled.slice(0, 200)}`);
    const r = await post(target.path, prefilled);
    if (r.status === 200) {
      console.log(`docs: executing the body Swagger UI pre-fills (it runs): ${prefilled.replace(/\s+/g, " ").slice(0, 160)}`);
    } else {
      console.log(`docs: WARNING: the body Swagger UI pre-fills does not run (${r.status}: ${r.text})`);
      console.log(`docs: executing ${scenarioPath} instead`);
      await editor.fill(readFileSync(scenarioPath, "utf8"));
    }
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
