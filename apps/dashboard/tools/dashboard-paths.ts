import path from "node:path";
import { fileURLToPath } from "node:url";

/** apps/dashboard, wherever the checkout is. */
export const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(DASHBOARD_DIR, "../..");
export const NEXT_BIN = path.join(REPO_ROOT, "node_modules/next/dist/bin/next");
export const BUILD_ID_FILE = path.join(DASHBOARD_DIR, ".next/BUILD_ID");
