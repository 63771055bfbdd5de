import { ErrorCode, GemSweepError } from "@gemsweep/contracts";

// Data problems are input problems the user can fix (put a file somewhere, re-download a
// corrupt one), so they carry the file path and map to NOT_FOUND / INVALID_INPUT.

export class DatasetError extends GemSweepError {
  readonly file: string;

  constructor(kind: "missing" | "corrupt", file: string, message: string, cause?: unknown) {
    super(kind === "missing" ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_INPUT, message, {
      issues: [{ path: "data", message }],
      cause,
    });
    this.name = "DatasetError";
    this.file = file;
  }
}
