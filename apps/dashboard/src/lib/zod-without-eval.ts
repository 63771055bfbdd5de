"use client";
// Why: zod probes `Function("")` to decide whether to compile its parsers, and under the pages'
// Content-Security-Policy (no 'unsafe-eval') that probe is a violation; jitless skips it.
import * as z from "zod";

z.config({ jitless: true });
