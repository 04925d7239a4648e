import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "threads",
    maxWorkers: 2,
    // no timing asserts: a loaded machine (2 cores shared) may take long, never wrongly
    testTimeout: 120_000,
  },
});
