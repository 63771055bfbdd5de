import { realpathSync } from "node:fs";

/** true when both paths name the same existing folder (links resolved). */
export function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
