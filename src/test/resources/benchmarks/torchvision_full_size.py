#!/usr/bin/env python3
"""Full-size torchvision ResNets for Lantern's TorchvisionFullSizeBenchmark.

For each of resnet18, resnet34 and resnet50 (torchvision's own constructors, random
initialization, BatchNorm affine parameters randomized and running statistics from two
training batches): saves the state dict with torch.save as <name>.pth, and the input and
PyTorch's eval-mode outputs (pooled features, fc logits) as <name>-io.safetensors, in
the directory given.

    /usr/bin/python3 torchvision_full_size.py <directory> [size]
"""
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "weights"))
from make_fixtures import write_safetensors  # noqa: E402


def features(net, x):
    x = net.maxpool(net.relu(net.bn1(net.conv1(x))))
    x = net.layer4(net.layer3(net.layer2(net.layer1(x))))
    return torch.flatten(net.avgpool(x), 1)


def main():
    directory = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    for seed, name in enumerate(("resnet18", "resnet34", "resnet50")):
        torch.manual_seed(seed)
        net = getattr(torchvision.models, name)()
        with torch.no_grad():
            for m in net.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.normal_(0.0, 0.2)
            net.train()
            for _ in range(2):
                net(torch.randn(4, 3, size, size))
            net.eval()
            x = torch.randn(2, 3, size, size)
            pooled = features(net, x)
            io = OrderedDict(input=x, features=pooled, logits=net.fc(pooled))
        torch.save(net.state_dict(), os.path.join(directory, name + ".pth"))
        write_safetensors(os.path.join(directory, name + "-io.safetensors"), io)
        print(f"saved {name} torch {torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
