// sha256 of the standard dataset files' *decompressed* payload. Hashing the payload (not the
// .gz) accepts any gzip of the same bytes: Debian's dataset-fashion-mnist re-compressed the
// originals, so their .gz differs while the IDX bytes are identical.
export const IDX_PAYLOAD_SHA256: Record<string, Record<string, string>> = {
  "fashion-mnist": {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
  },
  mnist: {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
  },
};

/** sha256 of downloadable archives (checked right after a download). */
export const ARCHIVE_SHA256: Record<string, string> = {
  "https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz":
    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
  "https://storage.googleapis.com/cvdf-datasets/mnist/train-labels-idx1-ubyte.gz":
    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
  "https://storage.googleapis.com/cvdf-datasets/mnist/t10k-images-idx3-ubyte.gz":
    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
  "https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz":
    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
};

/** md5 published next to archives whose sha256 is not published (CIFAR's home page). */
export const ARCHIVE_MD5: Record<string, string> = {
  "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz": "c32a1d4ab5d03f1284b67883e8d87530",
  "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz": "03b5dce01913d631647c71ecb9c5d8ef",
};
