// What the e2e tests are given by their driver (tests/frontend/test_next_starter.py): the running
// starter and CMS, the CMS's environment for `manage.py shell`, and Debian's Chromium.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHmac } from "node:crypto";
import { chromium } from "playwright-core";

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through tests/frontend/test_next_starter.py (make test)`);
  return value;
}

export const SITE = need("E2E_SITE_URL");
export const CMS = need("E2E_CMS_URL");
export const CMS_LOG = need("E2E_CMS_LOG");
const WEBHOOK_SECRET = need("E2E_WEBHOOK_SECRET");

/** Run Python in the CMS's own environment (manage.py shell -c); resolves to what it printed.
 * Asynchronous on purpose: a blocked event loop would keep stale keep-alive sockets to the site. */
export async function django(code) {
  try {
    const { stdout } = await promisify(execFile)(need("E2E_PYTHON"), ["manage.py", "shell", "-c", code], {
      cwd: need("E2E_ROOT"),
      env: JSON.parse(need("E2E_CMS_ENV")),
      encoding: "utf8",
      timeout: 120_000,
    });
    return stdout;
  } catch (error) {
    throw new Error(`manage.py shell failed:\n${error.stdout ?? ""}\n${error.stderr ?? error.message}`);
  }
}

/** POST the publish webhook, signed as the CMS signs its webhooks. */
export async function webhook(payload, secret = WEBHOOK_SECRET) {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = "sha256=" + createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return fetch(`${SITE}/api/tailor/revalidate/`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", "X-Tailor-Timestamp": String(timestamp), "X-Tailor-Signature": signature },
  });
}

let browser;
export async function launch() {
  browser ??= await chromium.launch({ executablePath: need("E2E_CHROMIUM"), args: JSON.parse(need("E2E_CHROMIUM_ARGS")) });
  return browser;
}

export async function closeBrowser() {
  await browser?.close();
  browser = undefined;
}

// Headless Chromium says "HeadlessChrome" in its user agent, which Tailor rightly takes for a bot
// (bots get the default content): the visitors of these tests present themselves as desktop Chrome.
export const DESKTOP_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** A fresh visitor: a browser context of its own (no cookies), with the site as base URL. */
export async function visitor(options = {}) {
  const context = await (await launch()).newContext({ baseURL: SITE, userAgent: DESKTOP_UA, ...options });
  context.setDefaultTimeout(30_000);
  return context;
}

export function titleOf(html) {
  return /<h1 data-testid="page-title">([^<]*)<\/h1>/.exec(html)?.[1]?.replaceAll("&#x27;", "'").replaceAll("&amp;", "&") ?? null;
}

export function attribute(html, name) {
  return new RegExp(`${name}="([^"]*)"`).exec(html)?.[1] ?? null;
}
