// `node --import <this file> …`: appends the URL of every module the process resolves through
// ESM import to the file named by $GEMSWEEP_TRACE_MODULES, so a test can see what a command loaded.
import { register } from "node:module";

register("./trace-module-loads-hooks.mjs", import.meta.url);
