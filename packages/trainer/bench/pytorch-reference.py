#!/usr/bin/env python3
"""The PyTorch reference for `npm run bench:train -- --reference [--device cuda]`.

Trains the same networks as GemSweep's fashion-mnist-mlp (784-256-256-10), fashion-mnist-cnn
(conv3x3(16)-pool-conv3x3(32)-pool-dense(128)-10, 'same' padding) and the CIFAR ResNets
(He et al. 2016: 3 stages of n basic blocks, 16/32/64 filters, batch norm, option-A shortcuts)
with ReLU and the benchmark's optimizer (Adam lr 1e-3 for the Fashion-MNIST nets; SGD momentum
0.9, lr 0.1, weight decay 5e-4 for the ResNets, which also get GemSweep's crop(pad 4)+flip),
batch 128 (--batchSize), on the real files or, with --synthetic, on random data of the same shapes.
Like GemSweep's trainer it reads each step's loss one step late. On the CPU (the default) it prints
the best training samples/s over torch and OpenBLAS thread counts (1 or all cores each; --threads N
fixes both, for one of several processes run at once) and, for conv nets, both memory formats
(NCHW and channels-last; --format picks one), as one JSON line, with the same per second of CPU
time. With --barrier it says "ready" on stderr after each warm-up and waits for a line on stdin,
so that several processes at once time the same seconds. With
--device cuda it trains on the GPU instead (the data already on it, float32 with TF32 off, as
GemSweep's WGSL is; cuDNN's autotuner on), best of both memory formats, timed to a
torch.cuda.synchronize(); without a CUDA device it says so on stderr and exits 3. Needs Debian's
python3-torch (1.13; with libopenblas0-pthread installed its BLAS is OpenBLAS) or, for CUDA, a
CUDA build of PyTorch. Not a project dependency: the number it prints is what GemSweep's trainer
is compared against.
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
import torch.nn.functional as F
from torch import nn

DATA_DIR = os.environ.get("GEMSWEEP_DATA_DIR", os.path.expanduser("~/.cache/gemsweep/data"))
RESNET_DEPTH = {"cifar10-resnet20": (20, 10), "cifar10-resnet56": (56, 10), "cifar100-resnet56": (56, 100)}
CIFAR_MEAN_STD = {10: ([0.4914, 0.4822, 0.4465], [0.247, 0.2435, 0.2616]),
                  100: ([0.5071, 0.4865, 0.4409], [0.2673, 0.2564, 0.2762])}


def read_idx(name: str, offset: int) -> np.ndarray:
    search = [DATA_DIR + "/fashion-mnist", "/usr/share/datasets/fashion-mnist"]
    for folder in search:
        for candidate in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
            if os.path.exists(candidate):
                opener = gzip.open if candidate.endswith(".gz") else open
                with opener(candidate, "rb") as f:
                    return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    raise SystemExit(f"{name} not found in {search}")


def read_cifar(classes: int) -> tuple:
    """CIFAR's binary training files as uint8 NCHW images and labels."""
    name, sub, files, label_bytes = (
        ("cifar-10", "cifar-10-batches-bin", [f"data_batch_{i}.bin" for i in range(1, 6)], 1) if classes == 10
        else ("cifar-100", "cifar-100-binary", ["train.bin"], 2))
    chunks = []
    for file in files:
        paths = [os.path.join(DATA_DIR, name, file), os.path.join(DATA_DIR, name, sub, file)]
        path = next((p for p in paths if os.path.exists(p)), None)
        if path is None:
            raise SystemExit(f"{file} not found in {paths} (--synthetic trains on random data instead)")
        chunks.append(np.fromfile(path, dtype=np.uint8).reshape(-1, label_bytes + 3072))
    records = np.concatenate(chunks)
    return records[:, label_bytes:].reshape(-1, 3, 32, 32), records[:, label_bytes - 1].astype(np.int64)


def dataset(benchmark: str, synthetic: bool, count: int) -> tuple:
    """`count` random training examples as float32 inputs (normalized like GemSweep) and int64 labels
    (only those are converted: all of CIFAR as float32 would take 600 MB per process)."""
    rng = np.random.default_rng(0)
    if benchmark in RESNET_DEPTH:
        classes = RESNET_DEPTH[benchmark][1]
        if synthetic:
            images, labels = rng.integers(0, 256, (count, 3, 32, 32), dtype=np.uint8), rng.integers(0, classes, count)
        else:
            images, labels = read_cifar(classes)
        mean, std = (np.array(v, dtype=np.float32).reshape(1, 3, 1, 1) for v in CIFAR_MEAN_STD[classes])
        rows = rng.permutation(images.shape[0])[:count]
        x = (images[rows].astype(np.float32) / 255 - mean) / std
        return torch.from_numpy(x), torch.from_numpy(labels[rows].astype(np.int64))
    if synthetic:
        images, labels = rng.integers(0, 256, (count, 784), dtype=np.uint8), rng.integers(0, 10, count)
    else:
        images, labels = read_idx("train-images-idx3-ubyte", 16), read_idx("train-labels-idx1-ubyte", 8)
    images = images.reshape(-1, 784)
    rows = rng.permutation(images.shape[0])[:count]
    x = images[rows].astype(np.float32).reshape(-1, 1, 28, 28) / 127.5 - 1.0
    return torch.from_numpy(x), torch.from_numpy(labels[rows].astype(np.int64))


class Shortcut(nn.Module):
    """Option A: subsample by 2 and pad the new channels with zeros."""

    def __init__(self, extra: int):
        super().__init__()
        self.extra = extra

    def forward(self, x):
        half = self.extra // 2
        return F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, half, self.extra - half))


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = Shortcut(cout - cin) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


def cifar_resnet(depth: int, classes: int) -> nn.Module:
    n = (depth - 2) // 6
    layers, cin = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()], 16
    for stage in range(3):
        cout = 16 << stage
        for i in range(n):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and i == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes)]
    return nn.Sequential(*layers)


def model_of(benchmark: str) -> nn.Module:
    if benchmark == "fashion-mnist-mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    if benchmark == "fashion-mnist-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(7 * 7 * 32, 128), nn.ReLU(), nn.Linear(128, 10))
    if benchmark in RESNET_DEPTH:
        return cifar_resnet(*RESNET_DEPTH[benchmark])
    raise SystemExit(f"no PyTorch reference for {benchmark}")


def crop_flip(x: torch.Tensor) -> torch.Tensor:
    """GemSweep's CIFAR augmentation: a random 32x32 crop of the zero-padded (4) image, flipped half the
    time; one gather for the batch (on the device the images are on), not a loop over images."""
    b, c = x.shape[0], x.shape[1]
    padded = F.pad(x, (4, 4, 4, 4))
    shifts = torch.randint(0, 9, (b, 2), device=x.device)
    flips = torch.rand(b, device=x.device) < 0.5
    steps = torch.arange(32, device=x.device)
    rows = shifts[:, 0:1] + steps
    cols = torch.where(flips[:, None], shifts[:, 1:2] + 31 - steps, shifts[:, 1:2] + steps)
    return padded[torch.arange(b, device=x.device)[:, None, None, None], torch.arange(c, device=x.device)[None, :, None, None],
                  rows[:, None, :, None], cols[:, None, None, :]]


def samples_per_s(benchmark: str, x: torch.Tensor, y: torch.Tensor, batch: int, limit: int, channels_last: bool) -> tuple:
    """Training samples per second of wall-clock time and per second of this process's CPU time (all threads)."""
    torch.manual_seed(0)
    device = x.device
    model = model_of(benchmark).to(device)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    resnet = benchmark in RESNET_DEPTH
    opt = (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4) if resnet
           else torch.optim.Adam(model.parameters(), lr=1e-3))
    loss_fn = nn.CrossEntropyLoss()
    perm = torch.randperm(x.shape[0], device=device)[:limit]
    synchronize = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    synchronize()
    start = time.perf_counter()
    cpu_start = time.process_time()
    previous = None
    for i in range(0, perm.shape[0], batch):
        idx = perm[i:i + batch]
        inputs = crop_flip(x[idx]) if resnet else x[idx]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs.contiguous(memory_format=fmt)), y[idx])
        loss.backward()
        opt.step()
        if previous is not None:
            previous.item()  # like GemSweep: the previous step's loss, read once this step is queued
        previous = loss.detach()
    if previous is not None:
        previous.item()
    synchronize()
    return perm.shape[0] / (time.perf_counter() - start), perm.shape[0] / (time.process_time() - cpu_start)


def blas_library() -> str:
    """The BLAS this process loaded (Debian picks it through alternatives at run time)."""
    with open("/proc/self/maps") as maps:
        libs = {line.split("/")[-1].strip() for line in maps if "blas" in line.lower()}
    return ", ".join(sorted(libs)) or "unknown"


def memory_formats(args: argparse.Namespace) -> list:
    """channels_last flags to try: both for conv nets unless --format names one (the MLP has no images)."""
    if args.benchmark == "fashion-mnist-mlp":
        return [False]
    return {"nchw": [False], "channels-last": [True]}.get(args.format, [False, True])


def measure(args: argparse.Namespace) -> dict:
    """One process, one BLAS thread count (fixed at load time): every torch thread count and memory format."""
    x, y = dataset(args.benchmark, args.synthetic, args.trainLimit)
    # best-tuned: subnormal floats (tiny gradients late in an epoch) cost 3x on x86 otherwise
    torch.set_flush_denormal(True)
    formats = memory_formats(args)
    warmup = min(args.trainLimit, 512 if args.benchmark in RESNET_DEPTH else 2048)
    results = {}
    for threads in [args.threads] if args.threads else sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        for channels_last in formats:
            samples_per_s(args.benchmark, x, y, args.batchSize, warmup, channels_last)
            if args.barrier:
                # one of several processes at once: wait until all are warm, so that all time the
                # same seconds (the caller answers once every process has said it is ready)
                print("ready", file=sys.stderr, flush=True)
                sys.stdin.readline()
            blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
            key = f"torch {threads} x blas {blas}" + (" channels-last" if channels_last else "")
            wall, cpu = samples_per_s(args.benchmark, x, y, args.batchSize, args.trainLimit, channels_last)
            results[key] = wall
            results["cpu: " + key] = cpu
    return results


def measure_cuda(args: argparse.Namespace) -> dict:
    """On the GPU: float32 without TF32 (GemSweep's WGSL is plain float32), cuDNN autotuned, each memory format."""
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    device = torch.device(args.device)
    x, y = (t.to(device) for t in dataset(args.benchmark, args.synthetic, args.trainLimit))
    formats = memory_formats(args)
    warmup = min(args.trainLimit, 20 * args.batchSize)
    results = {}
    for channels_last in formats:
        samples_per_s(args.benchmark, x, y, args.batchSize, warmup, channels_last)
        wall, _ = samples_per_s(args.benchmark, x, y, args.batchSize, args.trainLimit, channels_last)
        results["cuda" + (" channels-last" if channels_last else "")] = wall
    best = max(results, key=results.get)
    return {
        "framework": f"pytorch {torch.__version__}",
        "device": torch.cuda.get_device_name(device),
        "cuda": torch.version.cuda,
        "precision": "float32, TF32 off",
        "benchmark": args.benchmark,
        "batch_size": args.batchSize,
        **({"data": "synthetic"} if args.synthetic else {}),
        "samples_per_s": round(results[best]),
        "best": best,
        "all": {k: round(v) for k, v in results.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--benchmark", default="fashion-mnist-mlp")
    parser.add_argument("--batchSize", type=int, default=128)
    parser.add_argument("--trainLimit", type=int, default=60000)
    parser.add_argument("--synthetic", action="store_true", help="random data of the dataset's shapes")
    parser.add_argument("--threads", type=int, help="only this many torch and BLAS threads (one of several processes at once)")
    # several processes at once must each do the same work at the same time: one format each
    parser.add_argument("--format", choices=["nchw", "channels-last"], help="only this memory format (conv nets; default both)")
    parser.add_argument("--barrier", action="store_true", help="after each warm-up, print 'ready' on stderr and wait for a line on stdin")
    parser.add_argument("--device", default="cpu", help="cpu (default), or cuda / cuda:N: train on that GPU")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.device != "cpu":
        if not torch.cuda.is_available():
            print(f"no CUDA device for PyTorch {torch.__version__} here (torch.cuda.is_available() is False;"
                  f" CUDA build: {torch.version.cuda or 'none'}): the reference cannot run on the GPU", file=sys.stderr)
            sys.exit(3)
        print(json.dumps(measure_cuda(args)))
        return
    if args.child:
        print(json.dumps(measure(args)))
        return
    results = {}
    for blas_threads in [args.threads] if args.threads else sorted({1, os.cpu_count() or 1}):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": str(blas_threads)}
        # the child's stderr is ours (its 'ready' lines reach the caller); stdin too (the barrier)
        out = subprocess.run([sys.executable, __file__, *sys.argv[1:], "--child"], env=env,
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        results.update(json.loads(out.strip().splitlines()[-1]))
    cpu = {k[5:]: v for k, v in results.items() if k.startswith("cpu: ")}
    results = {k: v for k, v in results.items() if not k.startswith("cpu: ")}
    best = max(results, key=results.get)
    best_cpu = max(cpu, key=cpu.get)
    print(json.dumps({
        "framework": f"pytorch {torch.__version__}",
        "blas": blas_library(),
        "benchmark": args.benchmark,
        "batch_size": args.batchSize,
        **({"data": "synthetic"} if args.synthetic else {}),
        "samples_per_s": round(results[best]),
        "best": best,
        "all": {k: round(v) for k, v in results.items()},
        # per second of CPU time (all of the process's threads): what a quiet core would give
        "cpu_samples_per_s": round(cpu[best_cpu]),
        "cpu_best": best_cpu,
        "cpu_all": {k: round(v) for k, v in cpu.items()},
    }))


if __name__ == "__main__":
    main()
