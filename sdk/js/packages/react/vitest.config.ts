import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests read @tailor/client from its source: no build needed before `npm test`.
export default defineConfig({
  resolve: { alias: { "@tailor/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) } },
  test: { include: ["test/**/*.test.{ts,tsx}"], environment: "node" },
});
