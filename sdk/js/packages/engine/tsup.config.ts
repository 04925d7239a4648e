import { defineConfig } from "tsup";

// dist/index.js (ESM, with types) for bundlers, Node and edge runtimes; dist/index.global.js
// (one script, global `TailorEngine`) for a <script> tag and for the edge-runtime test.
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm"],
    dts: !process.env.TAILOR_SKIP_DTS,
    sourcemap: true,
    clean: !process.env.TAILOR_SKIP_DTS, // the test build (no types, for speed) keeps them
    target: "es2022",
    platform: "neutral",
  },
  {
    entry: ["src/index.ts"],
    format: ["iife"],
    globalName: "TailorEngine",
    target: "es2022",
    platform: "browser",
    minify: true,
  },
]);
