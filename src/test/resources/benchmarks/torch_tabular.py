"""PyTorch side of Lantern's TabularTwinBenchmark: fastai v1's TabularModel as Lantern builds it.

Prints one "<name> <value>" line per figure: parameters, trainable, train_rows_per_s,
predict_rows_per_s, peak_rss_kib, threads, torch, openblas. Run by TabularTwinBenchmark with
Debian's python3-torch (/usr/bin/python3).

The network (fastai v1 tabular/models.py TabularModel, bn_final=False, use_bn=True):
  one nn.Embedding(cardinality, size) per categorical column, concatenated, nn.Dropout(emb_drop);
  nn.BatchNorm1d over the continuous columns, concatenated after the embeddings;
  per hidden layer Linear + ReLU, BatchNorm1d, Dropout(p) (bn_drop_lin puts BN and dropout
  before the next Linear, which is the same sequence);
  Linear(last, 1), then y_range: (hi - lo) * sigmoid(x) + lo.
Optimiser: Adam(betas=(0.9, 0.99), eps=1e-5) with decoupled weight decay on the weights
(fastai's true_wd; DL4J's weightDecay(wd, applyLR=true) on weights, not biases), one-cycle
learning rate, MSE loss. Inputs are random tensors of the same shapes and cardinalities as
Lantern's: the values do not matter for speed.
"""
import argparse
import os
import resource
import time

import torch
import torch.nn as nn


class TabularModel(nn.Module):
    def __init__(self, cardinalities, n_cont, layers, ps, emb_drop, y_max):
        super().__init__()
        sizes = [min(600, round(1.6 * c ** 0.56)) for c in cardinalities]
        self.embeds = nn.ModuleList([nn.Embedding(c, s) for c, s in zip(cardinalities, sizes)])
        for e in self.embeds:
            nn.init.normal_(e.weight, 0.0, 0.01)
        self.emb_drop = nn.Dropout(emb_drop)
        self.bn_cont = nn.BatchNorm1d(n_cont) if n_cont > 0 else None
        width = sum(sizes) + n_cont
        body = []
        for size, p in zip(layers, ps):
            body += [nn.Linear(width, size), nn.ReLU(inplace=True), nn.BatchNorm1d(size)]
            if p > 0:
                body.append(nn.Dropout(p))
            width = size
        body.append(nn.Linear(width, 1))
        self.layers = nn.Sequential(*body)
        self.y_max = y_max

    def forward(self, x_cat, x_cont):
        x = torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embeds)], 1)
        x = self.emb_drop(x)
        if self.bn_cont is not None:
            x = torch.cat([x, self.bn_cont(x_cont)], 1)
        x = self.layers(x)
        return self.y_max * torch.sigmoid(x)


def peak_rss_kib():
    """VmHWM: ru_maxrss would carry over the JVM's peak, which started this process."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cardinalities", required=True, help="comma-separated, one per categorical column")
    parser.add_argument("--continuous", type=int, required=True)
    parser.add_argument("--layers", default="1000,500")
    parser.add_argument("--ps", default="0.001,0.01")
    parser.add_argument("--emb-drop", type=float, default=0.04)
    parser.add_argument("--y-max", type=float, default=12.0)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--rows", type=int, default=25600, help="training rows per timed pass")
    parser.add_argument("--predict-rows", type=int, default=32768)
    parser.add_argument("--chunk", type=int, default=4096, help="rows per forward pass at prediction")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up training steps (prediction: one pass)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--wd", type=float, default=0.2)
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="intra-op threads; the default, every processor, is what Lantern's JVM uses")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    torch.manual_seed(42)
    cardinalities = [int(c) for c in args.cardinalities.split(",") if c]
    layers = [int(v) for v in args.layers.split(",")]
    ps = [float(v) for v in args.ps.split(",")]
    model = TabularModel(cardinalities, args.continuous, layers, ps, args.emb_drop, args.y_max)
    trainable = sum(p.numel() for p in model.parameters())
    # DL4J counts a BatchNorm's running mean and variance among its parameters.
    running = sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    print(f"parameters {trainable + running}")
    print(f"trainable {trainable}")

    rows = max(args.rows, args.batch)
    n = max(rows, args.predict_rows)
    x_cat = torch.stack([torch.randint(0, c, (n,)) for c in cardinalities], 1)
    x_cont = torch.randn(n, args.continuous)
    y = torch.rand(n, 1) * args.y_max * 0.8

    decay = [p for name, p in model.named_parameters() if name.endswith("weight") and p.dim() > 1]
    other = [p for name, p in model.named_parameters() if not (name.endswith("weight") and p.dim() > 1)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd}, {"params": other, "weight_decay": 0}],
                                  lr=args.lr, betas=(0.9, 0.99), eps=1e-5)
    steps_per_pass = rows // args.batch
    total = args.warmup + steps_per_pass * args.repeats + 1
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=total,
                                                   pct_start=0.25, cycle_momentum=False)
    loss_fn = nn.MSELoss()

    def step(index):
        optimizer.zero_grad()
        loss = loss_fn(model(x_cat[index], x_cont[index]), y[index])
        loss.backward()
        optimizer.step()
        schedule.step()
        return loss.item()

    model.train()
    order = torch.randperm(n)
    for i in range(args.warmup):
        step(order[(i * args.batch) % (n - args.batch):][:args.batch])
    speeds = []
    for _ in range(args.repeats):
        order = torch.randperm(n)[:rows]
        start = time.perf_counter()
        for s in range(steps_per_pass):
            step(order[s * args.batch:(s + 1) * args.batch])
        speeds.append(steps_per_pass * args.batch / (time.perf_counter() - start))
    print(f"train_rows_per_s {sorted(speeds)[len(speeds) // 2]:.1f}")

    model.eval()
    predict_rows = args.predict_rows
    with torch.no_grad():
        for f in range(0, predict_rows, args.chunk):
            model(x_cat[f:f + args.chunk], x_cont[f:f + args.chunk])
        speeds = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            for f in range(0, predict_rows, args.chunk):
                model(x_cat[f:f + args.chunk], x_cont[f:f + args.chunk]).float().numpy()
            speeds.append(predict_rows / (time.perf_counter() - start))
    print(f"predict_rows_per_s {sorted(speeds)[len(speeds) // 2]:.1f}")
    print(f"peak_rss_kib {peak_rss_kib()}")
    print(f"threads {torch.get_num_threads()}")
    print(f"torch {torch.__version__}")
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    l2 = os.environ.get("OPENBLAS_L2_SIZE", "unset")
    print(f"openblas CORETYPE={coretype},L2_SIZE={l2}")


if __name__ == "__main__":
    main()
