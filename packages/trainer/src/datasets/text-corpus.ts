import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decode, encode } from "gpt-tokenizer/encoding/r50k_base";
import { dataDir, findFile } from "./data-dir.js";
import { DatasetError } from "./dataset-error.js";
import { downloadFile, downloadsEnabled } from "./download-file.js";
import { extractZip } from "./extract-archive.js";
import { sourceUrl } from "./source-url.js";
import type { LoadDatasetOptions } from "./mnist-dataset.js";

// Language-model corpora, tokenized with GPT-2's BPE (r50k_base: the vocabulary ships inside
// the gpt-tokenizer package, so tokenizing works offline). Token ids are cached next to the
// text (<file>.gpt2.u16) because BPE over a large corpus takes minutes in JS.

export const GPT2_VOCAB_SIZE = 50257;
export const GPT2_EOT = 50256;

export type CorpusName = "wikitext-2" | "wikitext-103";

const CORPORA: Record<CorpusName, { url: string; subdir: string }> = {
  "wikitext-2": {
    url: "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-2-raw-v1.zip",
    subdir: "wikitext-2-raw",
  },
  "wikitext-103": {
    url: "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-103-raw-v1.zip",
    subdir: "wikitext-103-raw",
  },
};

const SPLIT_FILES = {
  train: ["wiki.train.raw", "train.txt"],
  valid: ["wiki.valid.raw", "valid.txt"],
  test: ["wiki.test.raw", "test.txt"],
} as const;

export interface TokenCorpus {
  name: string;
  vocabSize: number;
  train: Uint16Array;
  valid: Uint16Array;
  test: Uint16Array;
}

export function gpt2Encode(text: string): number[] {
  return encode(text, { allowedSpecial: "all" });
}

export function gpt2Decode(tokens: readonly number[]): string {
  return decode(tokens);
}

/** Tokenizes a text file with GPT-2 BPE, using (and refreshing) the token cache beside it. */
export function tokenizeFile(path: string): Uint16Array {
  const cache = `${path}.gpt2.u16`;
  if (existsSync(cache) && statSync(cache).mtimeMs >= statSync(path).mtimeMs) {
    const raw = readFileSync(cache);
    return new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new DatasetError("missing", path, `cannot read ${path}: ${(err as Error).message}`, err);
  }
  if (text.includes("\uFFFD")) throw new DatasetError("corrupt", path, `${path} is not valid UTF-8 text`);
  const tokens = Uint16Array.from(gpt2Encode(text));
  try {
    writeFileSync(cache, tokens);
  } catch {
    // A read-only data folder only costs re-tokenizing next time.
  }
  return tokens;
}

/** A text corpus (train / valid / test) from <dataDir>/<name>/, downloading WikiText if allowed. */
export async function loadTokenCorpus(name: CorpusName, opts: LoadDatasetOptions = {}): Promise<TokenCorpus> {
  const { url, subdir } = CORPORA[name];
  const root = join(dataDir(opts.dataDir), name);
  const dirs = [root, join(root, subdir)];
  const locate = async (candidates: readonly string[]): Promise<string> => {
    const found = findFile(dirs, candidates);
    if (found) return found;
    if (!(opts.download ?? downloadsEnabled())) {
      throw new DatasetError(
        "missing",
        join(root, candidates[0]!),
        `missing ${name} file ${candidates.join(" or ")}: put the corpus text files in ${root} (downloads are off)`,
      );
    }
    const archive = join(root, url.split("/").pop()!);
    await extractZip(await downloadFile(sourceUrl(url, opts.mirror), archive), root);
    const after = findFile(dirs, candidates);
    if (!after) throw new DatasetError("missing", join(root, candidates[0]!), `${archive} did not contain ${candidates[0]}`);
    return after;
  };
  const split = async (s: keyof typeof SPLIT_FILES) => {
    const tokens = tokenizeFile(await locate(SPLIT_FILES[s]));
    if (tokens.length < 2) throw new DatasetError("corrupt", join(root, SPLIT_FILES[s][0]), `${name} ${s} split has fewer than 2 tokens`);
    return tokens;
  };
  return { name, vocabSize: GPT2_VOCAB_SIZE, train: await split("train"), valid: await split("valid"), test: await split("test") };
}
