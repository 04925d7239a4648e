import { defineConfig } from "tsup";

// Two bundles: the server-safe components, and the client entry (its "use client" directive is kept by esbuild).
export default defineConfig([
  { entry: { index: "src/index.ts" }, format: ["esm"], dts: true, clean: true, target: "es2022", external: ["react", "@tailor/client"] },
  {
    entry: { client: "src/client.tsx" },
    format: ["esm"],
    dts: true,
    target: "es2022",
    external: ["react", "@tailor/client"],
  },
]);
