// Why: the tfjs version a trial trains with, for the attempt's reproducibility record.
import { version_core } from "@tensorflow/tfjs";

/** @tensorflow/tfjs-core's version as loaded in this process. */
export const TFJS_VERSION: string = version_core;
