import { defineConfig } from "vitest/config";

// Two projects: plain unit suites, and suites that need the real Redis + PostgreSQL
// (named *.redis.test.ts / *.pg.test.ts / *.e2e.test.ts). The second project's global
// setup starts the embedded services once and migrates a fresh database for the run.
const serviceSuites = ["**/*.redis.test.ts", "**/*.pg.test.ts", "**/*.e2e.test.ts"];
const roots = ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "tests/**/*.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: roots,
          exclude: ["**/node_modules/**", ...serviceSuites],
          testTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        test: {
          name: "services",
          include: serviceSuites.flatMap((suite) => roots.map((root) => root.replace("**/*.test.ts", suite))),
          exclude: ["**/node_modules/**"],
          globalSetup: ["./tests/setup/services.global.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
