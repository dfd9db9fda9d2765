"""PyTorch side of Lantern's ConvBenchmark: the same networks, the same operations.

Prints two lines per measurement: "<net> <operation> <median seconds>" and
"<net> <operation>-cpu <median CPU seconds of the process>", then "threads <n>"
and "torch <version>", and last "maxrss_kb <peak resident kilobytes of this process>". Run by ConvBenchmark with Debian's python3-torch and
python3-torchvision (/usr/bin/python3).

Networks, as Lantern builds them:
  resnet18, resnet34, resnet50
                      torchvision's bodies (everything before avgpool) with fastai v1's head
  resnet50-zoo        a copy of the DL4J zoo's ResNet50 (not torchvision's: it strides in
                      its second stage and its convolutions have biases) with the same head
"""
import argparse
import io
import os
import resource
import statistics
import time

import torch
import torch.nn as nn
import torchvision
from PIL import Image
from torchvision import transforms


class AdaptiveConcatPool2d(nn.Module):
    def __init__(self):
        super().__init__()
        self.mp = nn.AdaptiveMaxPool2d(1)
        self.ap = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        return torch.cat([self.mp(x), self.ap(x)], 1)


def fastai_head(nf, classes, ps=0.5, hidden=512):
    """fastai v1 create_head(nf, nc, ps=0.5, concat_pool=True, bn_final=False)."""
    return nn.Sequential(
        AdaptiveConcatPool2d(), nn.Flatten(),
        nn.BatchNorm1d(nf), nn.Dropout(ps / 2), nn.Linear(nf, hidden), nn.ReLU(inplace=True),
        nn.BatchNorm1d(hidden), nn.Dropout(ps), nn.Linear(hidden, classes))


class ZooBottleneck(nn.Module):
    """A block of the DL4J zoo's ResNet50: 1x1 (stride), 3x3 same, 1x1, biases everywhere."""

    def __init__(self, cin, width, stride, project):
        super().__init__()
        out = 4 * width
        self.branch = nn.Sequential(
            nn.Conv2d(cin, width, 1, stride), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, width, 3, 1, 1), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, out, 1), nn.BatchNorm2d(out))
        self.shortcut = nn.Sequential(nn.Conv2d(cin, out, 1, stride), nn.BatchNorm2d(out)) if project else None
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        identity = self.shortcut(x) if self.shortcut is not None else x
        return self.relu(self.branch(x) + identity)


def zoo_resnet50_body():
    layers = [nn.ZeroPad2d(3), nn.Conv2d(3, 64, 7, 2), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
              nn.MaxPool2d(3, 2)]
    cin = 64
    for width, blocks in ((64, 3), (128, 4), (256, 6), (512, 3)):
        for block in range(blocks):
            layers.append(ZooBottleneck(cin, width, 2 if block == 0 else 1, block == 0))
            cin = 4 * width
    return nn.Sequential(*layers), cin


def network(name, classes):
    if name == "resnet50-zoo":
        body, channels = zoo_resnet50_body()
    else:
        resnet = getattr(torchvision.models, name)()
        body, channels = nn.Sequential(*list(resnet.children())[:-2]), resnet.fc.in_features
    return nn.Sequential(body, fastai_head(2 * channels, classes))


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


def preprocess():
    return transforms.Compose([
        transforms.Resize(224), transforms.CenterCrop(224), transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])


def median_time(operation, warmup, repeats):
    """Median elapsed and median process CPU seconds (all threads) of the operation."""
    for _ in range(warmup):
        operation()
    times = []
    cpu_times = []
    for _ in range(repeats):
        cpu_start = time.process_time()
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    return statistics.median(times), statistics.median(cpu_times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nets", default="resnet18,resnet34,resnet50")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--classes", type=int, default=37)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--jpeg", required=True)
    args = parser.parse_args()

    torch.manual_seed(42)
    torch.set_num_threads(args.threads)
    print("torch", torch.__version__, flush=True)
    print("threads", torch.get_num_threads(), flush=True)
    with open(args.jpeg, "rb") as f:
        jpeg = f.read()
    transform = preprocess()
    images = torch.randn(args.batch, 3, args.size, args.size)
    labels = torch.randint(0, args.classes, (args.batch,))

    for name in args.nets.split(","):
        model = network(name, args.classes)
        loss_function = nn.CrossEntropyLoss()
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01)

        def forward():
            model.eval()
            with torch.no_grad():
                model(images)

        def train_step():
            model.train()
            optimizer.zero_grad()
            loss_function(model(images), labels).backward()
            optimizer.step()

        def classify():
            model.eval()
            batch = torch.stack([transform(Image.open(io.BytesIO(jpeg)).convert("RGB")) for _ in range(args.batch)])
            with torch.no_grad():
                torch.softmax(model(batch), 1)

        for operation, function in (("forward", forward), ("train", train_step), ("classify", classify)):
            elapsed, cpu = median_time(function, args.warmup, args.repeats)
            print(name, operation, "%.4f" % elapsed, flush=True)
            print(name, operation + "-cpu", "%.4f" % cpu, flush=True)

    # Peak resident set of this process in kilobytes (Linux), for the benchmark's header.
    print("maxrss_kb", peak_rss_kib(), flush=True)


if __name__ == "__main__":
    main()
