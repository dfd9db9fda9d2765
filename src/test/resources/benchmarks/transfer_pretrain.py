#!/usr/bin/env python3
"""Pretrains a body for Lantern's TransferBenchmark with real PyTorch.

Generates an image task (4 classes of shapes: disc, square, triangle, ring; random
colours, sizes, positions, on noisy two-tone backgrounds), trains a width-reduced
torchvision ResNet-18 (torchvision's BasicBlock and _make_layer, stage widths w, 2w, 4w,
8w) on it, and saves its state dict with torch.save, as a user saves any torchvision
model. Input normalization is ImageNet's, as Lantern's. Prints the held-out accuracy
on the shapes task.

    /usr/bin/python3 transfer_pretrain.py --out body.pth --width 16 --size 64
"""
import argparse
import random

import numpy as np
import torch
import torch.nn as nn
from PIL import Image, ImageDraw
from torchvision.models.resnet import BasicBlock, ResNet

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class NarrowResNet(ResNet):
    def __init__(self, layers, width, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = width
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(BasicBlock, width, layers[0])
        self.layer2 = self._make_layer(BasicBlock, 2 * width, layers[1], stride=2)
        self.layer3 = self._make_layer(BasicBlock, 4 * width, layers[2], stride=2)
        self.layer4 = self._make_layer(BasicBlock, 8 * width, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * width, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def shape_image(label, size, rng):
    top = tuple(rng.randint(0, 255) for _ in range(3))
    bottom = tuple(rng.randint(0, 255) for _ in range(3))
    gradient = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    background = (np.array(top, np.float32) * (1 - gradient) + np.array(bottom, np.float32) * gradient)
    background = np.broadcast_to(background, (size, size, 3)).copy()
    background += np.array([rng.gauss(0, 12) for _ in range(size * size * 3)], np.float32).reshape(size, size, 3)
    image = Image.fromarray(np.clip(background, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    radius = rng.uniform(0.15, 0.32) * size
    cx, cy = rng.uniform(radius, size - radius), rng.uniform(radius, size - radius)
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    box = [cx - radius, cy - radius, cx + radius, cy + radius]
    if label == 0:
        draw.ellipse(box, fill=colour)
    elif label == 1:
        draw.rectangle(box, fill=colour)
    elif label == 2:
        draw.polygon([(cx, cy - radius), (cx - radius, cy + radius), (cx + radius, cy + radius)], fill=colour)
    else:
        draw.ellipse(box, outline=colour, width=max(2, int(radius / 3)))
    array = (np.asarray(image, np.float32) / 255.0 - MEAN) / STD
    return torch.from_numpy(array.transpose(2, 0, 1).copy())


def dataset(count, size, rng):
    labels = [i % 4 for i in range(count)]
    rng.shuffle(labels)
    images = torch.stack([shape_image(label, size, rng) for label in labels])
    return images, torch.tensor(labels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--images", type=int, default=2400)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    train_x, train_y = dataset(args.images, args.size, rng)
    valid_x, valid_y = dataset(400, args.size, rng)
    net = NarrowResNet([2, 2, 2, 2], args.width, 4)
    steps = args.epochs * ((args.images + 63) // 64)
    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps)
    loss_function = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        net.train()
        order = torch.randperm(args.images)
        for start in range(0, args.images, 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss = loss_function(net(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
        net.eval()
        with torch.no_grad():
            accuracy = (net(valid_x).argmax(1) == valid_y).float().mean().item()
        print(f"shapes epoch {epoch} loss {loss.item():.4f} held-out accuracy {accuracy:.4f}", flush=True)
    torch.save(net.state_dict(), args.out)
    print(f"saved {args.out} torch {torch.__version__}")


if __name__ == "__main__":
    main()
