import { defineConfig } from "tsup";

// next, react and @tailor/client stay external: the site's own copies are used.
export default defineConfig({
  entry: { index: "src/index.ts", proxy: "src/proxy.ts", webhook: "src/webhook.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "es2022",
  external: ["next", "react", "@tailor/client"],
});
