import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests read @tailor/client and @tailor/engine from their sources: no build needed before `npm test`.
export default defineConfig({
  resolve: {
    alias: {
      "@tailor/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)),
      "@tailor/engine": fileURLToPath(new URL("../engine/src/index.ts", import.meta.url)),
    },
  },
  test: { include: ["test/**/*.test.ts"], environment: "node", server: { deps: { inline: ["next"] } } },
});
