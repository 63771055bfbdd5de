// Why: the workers' checkpoint folder on a small volume of its own that the soak can fill to
// the last byte and free again, as a real disk fills up, without touching any other disk.
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

const FILLER = ".soak-filler";

/**
 * A tmpfs of `sizeMiB` mounted on `dir` (root only: `mount -t tmpfs -o size=...`). Without root
 * it is a plain folder that cannot be filled (`fillable` is false and the soak says so).
 */
export class CheckpointVolume {
  private constructor(
    readonly dir: string,
    readonly fillable: boolean,
  ) {}

  static create(dir: string, sizeMiB: number): CheckpointVolume {
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() !== 0) return new CheckpointVolume(dir, false);
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m,mode=0777`, "tmpfs", dir], { encoding: "utf8" });
    if (mounted.status !== 0) throw new Error(`mount -t tmpfs on ${dir} failed: ${mounted.stderr || mounted.error?.message}`);
    return new CheckpointVolume(dir, true);
  }

  /** Writes a filler file until the volume refuses another byte (ENOSPC); returns its size in bytes. */
  fill(): number {
    if (!this.fillable) return 0;
    const fd = openSync(path.join(this.dir, FILLER), "w");
    let written = 0;
    try {
      for (const chunk of [1 << 20, 1 << 16, 1 << 12, 1 << 9]) {
        const bytes = Buffer.alloc(chunk, 1);
        for (;;) {
          try {
            written += writeSync(fd, bytes);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
            throw error;
          }
        }
      }
    } finally {
      closeSync(fd);
    }
    return written;
  }

  free(): void {
    rmSync(path.join(this.dir, FILLER), { force: true });
  }

  dispose(): void {
    if (this.fillable) spawnSync("umount", ["-l", this.dir]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
