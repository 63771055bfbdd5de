import { defineConfig } from "vitest/config";

// Three projects: plain unit suites; suites that need the real Redis + PostgreSQL (named
// *.redis.test.ts / *.pg.test.ts / *.e2e.test.ts), whose global setup starts the embedded
// services once and migrates a fresh database for the run; and the reliability suites that
// start, kill and cut a private stack of their own (own ports), one file at a time.
// scripts/test.sh runs the last in a second vitest beside the services project: in one vitest,
// the files of every one-at-a-time project wait in one queue.
const serviceSuites = ["**/*.redis.test.ts", "**/*.pg.test.ts", "**/*.e2e.test.ts"];
const roots = ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "tests/**/*.test.ts"];
const privateStackSuites = ["backup-restore", "partition", "postgres-restart", "redis-restart", "soak", "stack-restart"].map((name) => `tests/reliability/${name}.e2e.test.ts`);

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
          exclude: ["**/node_modules/**", ...privateStackSuites],
          globalSetup: ["./tests/setup/services.global.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "private-stacks",
          include: privateStackSuites,
          globalSetup: ["./tests/setup/cli-bundle.global.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
