// npm run size: the engine's bundle size, minified (esbuild, through tsup) and gzipped, as a
// frontend ships it: everything the package exports, and a typical import of LocalEngine alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "tsup";

const here = new URL("..", import.meta.url).pathname;
const src = mkdtempSync(join(tmpdir(), "tailor-engine-size-src-"));
const out = mkdtempSync(join(tmpdir(), "tailor-engine-size-out-"));
const entries = {
  "everything (import * from '@tailor/engine')": `export * from "${here}src/index.ts";`,
  "LocalEngine only (import { LocalEngine })": `export { LocalEngine } from "${here}src/index.ts";`,
};
const rows = [];
let n = 0;
for (const [label, code] of Object.entries(entries)) {
  const entry = join(src, `entry${n}.ts`);
  writeFileSync(entry, code);
  await build({ entry: { [`bundle${n}`]: entry }, outDir: out, format: ["esm"], minify: true, treeshake: true, silent: true, dts: false, config: false, platform: "neutral", target: "es2022" });
  const js = readFileSync(join(out, `bundle${n}.js`));
  rows.push({ bundle: label, "min (bytes)": js.length, "min+gzip (bytes)": gzipSync(js, { level: 9 }).length });
  n += 1;
}
rmSync(out, { recursive: true, force: true });
rmSync(src, { recursive: true, force: true });
console.table(rows);
const limit = 25 * 1024;
const worst = Math.max(...rows.map((r) => r["min+gzip (bytes)"]));
console.log(`${worst <= limit ? "within" : "OVER"} the 25 kB target (${(worst / 1024).toFixed(1)} kB min+gzip)`);
