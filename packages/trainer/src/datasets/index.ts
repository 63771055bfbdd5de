export { dataDir, datasetDirs, findFile } from "./data-dir.js";
export { DatasetError } from "./dataset-error.js";
export { sha256Hex, verifySha256 } from "./checksum.js";
export { IDX_PAYLOAD_SHA256, ARCHIVE_SHA256, ARCHIVE_MD5 } from "./known-checksums.js";
export { datasetChecksumsOf } from "./dataset-checksums.js";
export { readDataFile } from "./read-data-file.js";
export { parseIdx, encodeIdx, type IdxArray } from "./idx-format.js";
export { downloadFile, downloadsEnabled, type DownloadOptions } from "./download-file.js";
export { sourceUrl } from "./source-url.js";
export { extractTar, extractZip } from "./extract-archive.js";
export { limitSplit, type ImageDataset, type ImageSplit } from "./image-dataset.js";
export { holdOutValidation, VALIDATION_SPLIT_SEED, type HeldOutSplit } from "./validation-split.js";
export { loadIdxDataset, loadIdxFile, type IdxDatasetName, type LoadDatasetOptions } from "./mnist-dataset.js";
export { loadCifarDataset, parseCifar, type CifarName } from "./cifar-dataset.js";
export {
  loadTokenCorpus,
  tokenizeFile,
  gpt2Encode,
  gpt2Decode,
  GPT2_VOCAB_SIZE,
  GPT2_EOT,
  type CorpusName,
  type TokenCorpus,
} from "./text-corpus.js";
