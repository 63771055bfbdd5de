#!/usr/bin/env python3
"""The PyTorch reference for `npm run bench:train -- --reference`.

Trains the same networks as GemSweep's fashion-mnist-mlp (784-256-256-10) and
fashion-mnist-cnn (conv3x3(16)-pool-conv3x3(32)-pool-dense(128)-10, 'same' padding) with
ReLU, Adam lr 1e-3, batch 128, on the real Fashion-MNIST files, and prints the best training
samples/s over torch and OpenBLAS thread counts (1 or all cores each) as one JSON line. Needs Debian's python3-torch (1.13;
with libopenblas0-pthread installed its BLAS is OpenBLAS). Not a project dependency: the
number it prints is what GemSweep's trainer is compared against.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch
from torch import nn

SEARCH = [os.environ.get("GEMSWEEP_DATA_DIR", os.path.expanduser("~/.cache/gemsweep/data")) + "/fashion-mnist",
          "/usr/share/datasets/fashion-mnist"]


def read_idx(name: str, offset: int) -> np.ndarray:
    for folder in SEARCH:
        for candidate in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
            if os.path.exists(candidate):
                opener = gzip.open if candidate.endswith(".gz") else open
                with opener(candidate, "rb") as f:
                    return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    raise SystemExit(f"{name} not found in {SEARCH}")


def model_of(benchmark: str) -> nn.Module:
    if benchmark == "fashion-mnist-mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    if benchmark == "fashion-mnist-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(7 * 7 * 32, 128), nn.ReLU(), nn.Linear(128, 10))
    raise SystemExit(f"no PyTorch reference for {benchmark}")


def samples_per_s(benchmark: str, x: torch.Tensor, y: torch.Tensor, batch: int, limit: int) -> float:
    torch.manual_seed(0)
    model = model_of(benchmark)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    perm = torch.randperm(x.shape[0])[:limit]
    start = time.perf_counter()
    for i in range(0, perm.shape[0], batch):
        idx = perm[i:i + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
        loss.item()  # like GemSweep, read the loss every step
    return perm.shape[0] / (time.perf_counter() - start)


def blas_library() -> str:
    """The BLAS this process loaded (Debian picks it through alternatives at run time)."""
    with open("/proc/self/maps") as maps:
        libs = {line.split("/")[-1].strip() for line in maps if "blas" in line.lower()}
    return ", ".join(sorted(libs)) or "unknown"


def measure(args: argparse.Namespace) -> dict:
    """One process, one BLAS thread count (fixed at load time): every torch thread count."""
    images = read_idx("train-images-idx3-ubyte", 16).astype(np.float32) / 127.5 - 1.0
    labels = read_idx("train-labels-idx1-ubyte", 8).astype(np.int64)
    x = torch.from_numpy(images.reshape(-1, 1, 28, 28).copy())
    y = torch.from_numpy(labels.copy())
    # best-tuned: subnormal floats (tiny gradients late in an epoch) cost 3x on x86 otherwise
    torch.set_flush_denormal(True)
    results = {}
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        samples_per_s(args.benchmark, x, y, args.batchSize, 2048)  # warm-up
        blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
        results[f"torch {threads} x blas {blas}"] = samples_per_s(args.benchmark, x, y, args.batchSize, args.trainLimit)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--benchmark", default="fashion-mnist-mlp")
    parser.add_argument("--batchSize", type=int, default=128)
    parser.add_argument("--trainLimit", type=int, default=60000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args)))
        return
    results = {}
    for blas_threads in sorted({1, os.cpu_count() or 1}):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": str(blas_threads)}
        out = subprocess.run([sys.executable, __file__, *sys.argv[1:], "--child"], env=env,
                             check=True, capture_output=True, text=True).stdout
        results.update(json.loads(out.strip().splitlines()[-1]))
    best = max(results, key=results.get)
    print(json.dumps({
        "framework": f"pytorch {torch.__version__}",
        "blas": blas_library(),
        "benchmark": args.benchmark,
        "batch_size": args.batchSize,
        "samples_per_s": round(results[best]),
        "best": best,
        "all": {k: round(v) for k, v in results.items()},
    }))


if __name__ == "__main__":
    main()
