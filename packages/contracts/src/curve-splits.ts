// The data splits a learning curve can follow: the storage aggregates them, the API takes one as
// `split`, the pages toggle between them.
export const CURVE_SPLITS = ["test", "val"] as const;
export type CurveSplit = (typeof CURVE_SPLITS)[number];
