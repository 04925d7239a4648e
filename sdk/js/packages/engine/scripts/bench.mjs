// npm run bench: evaluation time per decision in Node, for a rule set of 1000 segments (every
// kind of condition, patterns included), 5 personas, 3 stages and a page with variants, A/B arms
// and personalized blocks; contexts random but seeded. Prints p50 / p95 / p99. Not a test.
//
// npm run bench -- --workload DIR times the Python bench's own work instead (the 1000-segment
// document and the CLI lines that `bench/bench_local.py --write DIR` saves), as the Python bench
// does: LocalEngine.personalize on parsed contexts, and one CLI line (JSON in and out).
import { readFileSync } from "node:fs";
import { LocalEngine, answerLine, contextFromJson, formatLine } from "../dist/index.js";

const workload = process.argv.indexOf("--workload");
if (workload > 0) {
  const dir = process.argv[workload + 1];
  const engine = new LocalEngine(JSON.parse(readFileSync(`${dir}/ruleset-1000.json`, "utf8")));
  const lines = readFileSync(`${dir}/contexts.jsonl`, "utf8").split("\n").filter(Boolean);
  const parsed = lines.map((line) => contextFromJson(JSON.parse(line).context));
  const time = (label, items, run) => {
    for (const item of items.slice(0, 200)) run(item); // warm up
    const lat = items.map((item) => {
      const start = performance.now();
      run(item);
      return (performance.now() - start) * 1000;
    });
    lat.sort((a, b) => a - b);
    const q = (x) => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))].toFixed(1);
    console.log(`| ${label.padEnd(42)} | ${q(0.5).padStart(9)} | ${q(0.99).padStart(9)} |`);
  };
  console.log(`${lines.length} visitors (${dir}); Node ${process.versions.node}\n`);
  console.log("| local evaluation (one page)                |  p50 µs   |  p99 µs   |");
  console.log("| ------------------------------------------ | --------- | --------- |");
  time("LocalEngine.personalize, 1000 segments", parsed, (c) => engine.personalize("/", c));
  time("CLI line (JSON in and out), 1000 segments", lines, (line) => formatLine(answerLine(engine, line).result));
  process.exit(0);
}

const SEGMENTS = Number(process.env.SEGMENTS ?? 1000);
const DECISIONS = Number(process.env.DECISIONS ?? 3000);

let seed = 20261208;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const choice = (xs) => xs[Math.floor(rand() * xs.length)];

const countries = ["SE", "NO", "DK", "US", "GB", "DE", "FR", "BR", "JP", "IN"];
const cities = ["Malmö", "Zürich", "São Paulo", "London", "Köln", "Oslo", "Austin", "Kyoto"];
const zones = ["Europe/Stockholm", "America/Los_Angeles", "Asia/Tokyo", "UTC", "Australia/Sydney"];
const kinds = [
  (i) => ({ country: { in: [choice(countries), choice(countries)] } }),
  (i) => ({ city: { matches: `^${choice(cities).slice(0, 2)}|${i}$` } }),
  (i) => ({ referrer_domain: { matches: `(^|\\.)site${i % 50}\\.(com|org)$` } }),
  (i) => ({ utm_campaign: { contains: `c${i % 40}` } }),
  (i) => ({ visit_count: { gte: 1 + (i % 5), within_days: 7 + (i % 30) } }),
  (i) => ({ visited: { path: `/p${i % 20}/`, min: 1 + (i % 3) } }),
  (i) => ({ event: { type: "purchase", sum: "value", gte: 10 * (i % 50) } }),
  (i) => ({ event: { type: "signup", where: { plan: `p${i % 4}` } } }),
  (i) => ({ trait: { name: "seats", between: [i % 10, 10 + (i % 40)] } }),
  (i) => ({ local_hour: { between: [i % 12, 12 + (i % 12)] } }),
  (i) => ({ all: [{ device: choice(["mobile", "desktop"]) }, { weekday: { not_in: ["sat", "sun"] } }] }),
  (i) => ({ any: [{ segment: `s${(i + 1) % SEGMENTS}` }, { logged_in: true }] }),
];
const segments = Array.from({ length: SEGMENTS }, (_, i) => ({ slug: `s${i}`, name: `S${i}`, rules: kinds[i % kinds.length](i) }));
const variant = (key, target, weight = null) => ({
  id: `page:1:${key}`, name: key, weight, goLiveAt: null, expireAt: null, holdout: 0, allocation: "",
  target: { persona: null, stage: null, segment: null, ...target }, fields: { title: key },
});
const doc = {
  format: "tailor.ruleset", formatVersion: 3, version: "bench", siteTimezone: "UTC", holdout: 5,
  personas: Array.from({ length: 5 }, (_, i) => ({ slug: `p${i}`, name: `P${i}`, priority: i, rules: { segment: `s${i * 7}` }, scoreThreshold: 3 })),
  stages: [
    { slug: "browse", name: "Browse", order: 1, rules: null },
    { slug: "compare", name: "Compare", order: 2, rules: { visited: { path: "/p1/" } } },
    { slug: "buy", name: "Buy", order: 3, rules: { event: { type: "checkout" } } },
  ],
  segments,
  pages: [{
    path: "/", pageId: 1, revision: "1",
    content: { title: "Hello {city|there}", intro: "", body: [
      { type: "heading", value: "In {country|your country}" },
      { type: "personalized", id: "b1", value: { variants: [
        { segment: "s3", blocks: [{ type: "paragraph", value: "<p>{city}</p>" }] },
        { persona: "p1", weight: 1, blocks: [] }, { persona: "p1", weight: 2, blocks: [] },
      ], default: [] } },
    ] },
    variants: [variant("a", { segment: "s1" }, 1), variant("b", { segment: "s1" }, 1), variant("p", { persona: "p2" }), variant("ps", { persona: "p3", stage: "compare" })],
  }],
};

const iso = (ms) => new Date(ms).toISOString();
const now = Date.UTC(2026, 5, 15, 12);
function context(i) {
  return {
    now: iso(now + Math.floor(rand() * 86_400_000)),
    visitorId: rand() < 0.8 ? `v${i}` : null,
    location: rand() < 0.9 ? { countryCode: choice(countries), city: choice(cities), timezone: choice(zones) } : null,
    device: { kind: choice(["mobile", "desktop", "tablet"]) },
    source: { referrerDomain: `www.site${i % 60}.com`, utm: { campaign: `c${i % 50}` } },
    history: rand() < 0.7 ? {
      visitCount: 1 + (i % 9), pageViews: i % 30, pathViews: { [`/p${i % 20}/`]: 1 + (i % 3) },
      days: [{ day: "2026-06-15", visits: 1, pageViews: 3 }, { day: "2026-06-01", visits: 2, pageViews: 4 }],
      events: [{ type: "purchase", at: "2026-06-01T10:00:00Z", value: i % 500 }, { type: "signup", at: "2026-05-01T10:00:00Z", properties: { plan: `p${i % 4}` } }],
      traits: { seats: i % 50 },
    } : null,
  };
}

const engine = new LocalEngine(doc);
const contexts = Array.from({ length: DECISIONS }, (_, i) => contextFromJson(context(i)));
for (const c of contexts.slice(0, 300)) engine.personalize("/", c); // warm up (JIT, zone formatters)
const cpu = process.cpuUsage();
const times = contexts.map((c) => {
  const start = performance.now();
  engine.personalize("/", c);
  return performance.now() - start;
});
const used = process.cpuUsage(cpu);
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`${SEGMENTS} segments, ${DECISIONS} decisions (every segment decided, content resolved, cache key and URL built)`);
console.log(`CPU time per decision, mean: ${((used.user + used.system) / DECISIONS).toFixed(0)} µs (the tail percentiles below include time the process waited for a core)`);
console.log(`p50 ${(at(0.5) * 1000).toFixed(0)} µs, p95 ${(at(0.95) * 1000).toFixed(0)} µs, p99 ${(at(0.99) * 1000).toFixed(0)} µs per decision (Node ${process.versions.node})`);
