// Why: machines without internet (a cluster, CI) can still fetch datasets from a copy of the
// canonical files on their own network: GEMSWEEP_DATA_MIRROR (or the `mirror` option) replaces
// each URL's origin and folder, keeping its file name.

/** Where to download `url` from: `<mirror>/<file name of url>` when a mirror is set, else `url`. */
export function sourceUrl(url: string, mirror: string | undefined = process.env["GEMSWEEP_DATA_MIRROR"]): string {
  if (!mirror) return url;
  const name = new URL(url).pathname.split("/").pop()!;
  return `${mirror.replace(/\/+$/, "")}/${name}`;
}
