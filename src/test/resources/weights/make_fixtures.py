#!/usr/bin/env python3
"""Makes the PyTorch fixtures of dev.lantern.vision.weights with real PyTorch.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch
python3-torchvision; PyTorch 1.13, torchvision 0.14):

    /usr/bin/python3 src/test/resources/weights/make_fixtures.py

It writes, next to itself:

- basic.pth, basic-f16.pth: a width-reduced ResNet-18 (torchvision's BasicBlock, blocks
  [2, 2, 2, 2], base width 4, a 10-class fc) saved by torch.save (zip format), in float32
  and float16.
- basic.safetensors, basic-bf16.safetensors: the same weights as safetensors, float32 and
  bfloat16. Debian has no python3-safetensors, so write_safetensors() writes the format by
  hand: an 8-byte little-endian header length, a JSON header (dtype, shape, data_offsets
  per tensor, sorted by name, as the safetensors library does), the raw little-endian data.
- basic-io.safetensors: the input (2 x 3 x 32 x 32 and 1 x 3 x 36 x 36) and PyTorch's
  outputs in eval mode: the body's pooled features (avgpool, flattened) and the fc logits,
  for the float32 weights and for the float16 and bfloat16 weights (each widened back to
  float32, which is exact, and run in float32).
- bottleneck.pth, bottleneck.safetensors, bottleneck-io.safetensors: the same for a
  torchvision v1.5 Bottleneck net with ResNet-50's blocks [3, 4, 6, 3] at base width 2.
- resnet34-w4.pth: a width-reduced torchvision ResNet-34 (BasicBlock, blocks [3, 4, 6, 3],
  base width 4, a 10-class fc) saved by torch.save, as a user imports torchvision's
  resnet34-b627a593.pth; the end-to-end test imports it and trains on it.
- nested.pth: {'epoch': 3, 'state_dict': ...} of a conv + BatchNorm module saved with
  keep_vars=True, so parameters go through torch._utils._rebuild_parameter.
- checkpoint.pth: a training checkpoint {'model': ..., 'optimizer': Adam's state dict
  after one step, 'epoch': 2}.
- views.pth: tensors sharing one storage: a 4 x 6 matrix 'base', 'row' = base[1] (an
  offset), 'transposed' = base.t() (strides), 'tail' = base.view(-1)[5:17].
- hostile-reduce.pth: a real torch.save of a dict holding an object whose __reduce__ runs
  os.system('touch /tmp/lantern-weights-pwned'). Lantern must refuse it without running it.

The nets are torchvision's own ResNet class with narrower stages: NarrowResNet below calls
torchvision's _make_layer and forward, and the script asserts that at width 64 its state
dict has exactly the names and shapes of torchvision's resnet18 and resnet50. BatchNorm
affine parameters are randomized and running statistics come from a few batches in
training mode, so every BatchNorm tensor matters.
"""

import json
import os
import struct
from collections import OrderedDict

import torch
import torch.nn as nn
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

HERE = os.path.dirname(os.path.abspath(__file__))


class NarrowResNet(ResNet):
    """torchvision's ResNet with stage widths width, 2 width, 4 width, 8 width."""

    def __init__(self, block, layers, width, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = width
        self.dilation = 1
        self.groups = 1
        self.base_width = 64  # Bottleneck's inner width is planes * base_width / 64
        self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, width, layers[0])
        self.layer2 = self._make_layer(block, 2 * width, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 4 * width, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 8 * width, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * width * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def features(self, x):
        """The body's pooled features: torchvision's forward up to the flattened avgpool."""
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return torch.flatten(self.avgpool(x), 1)


def assert_torchvision_names():
    for block, layers, reference in ((BasicBlock, [2, 2, 2, 2], torchvision.models.resnet18()),
                                     (Bottleneck, [3, 4, 6, 3], torchvision.models.resnet50())):
        ours = NarrowResNet(block, layers, 64, 1000).state_dict()
        theirs = reference.state_dict()
        assert list(ours.keys()) == list(theirs.keys()), "names differ from torchvision"
        for name in ours:
            assert ours[name].shape == theirs[name].shape, name


def make_net(block, layers, width, classes, seed):
    torch.manual_seed(seed)
    net = NarrowResNet(block, layers, width, classes)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.2)
    net.train()
    with torch.no_grad():
        for _ in range(4):
            net(torch.randn(8, 3, 32, 32) * 1.5 + 0.3)
    net.eval()
    return net


def outputs(net, x):
    with torch.no_grad():
        features = net.features(x)
        return features, net.fc(features)


def rounded(net, dtype):
    """A float32 copy of the net whose weights went through dtype and back (exact widening)."""
    state = OrderedDict((k, v.to(dtype).to(v.dtype) if v.is_floating_point() else v)
                        for k, v in net.state_dict().items())
    layers = [len(net.layer1), len(net.layer2), len(net.layer3), len(net.layer4)]
    twin = NarrowResNet(type(net.layer1[0]), layers, net.conv1.out_channels, net.fc.out_features)
    twin.load_state_dict(state)
    twin.eval()
    return twin


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
                      torch.float64: "F64", torch.int32: "I32"}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        # numpy has no bfloat16: its bits are the upper half of the float32's.
        return (t.to(torch.float32).view(torch.int32) >> 16).to(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors, metadata=None):
    header = OrderedDict()
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        data = tensor_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # the library pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def save(obj, name):
    torch.save(obj, os.path.join(HERE, name))


def net_fixtures(prefix, block, layers, width, classes, seed, half_variants):
    net = make_net(block, layers, width, classes, seed)
    state = net.state_dict()
    save(state, prefix + ".pth")
    write_safetensors(os.path.join(HERE, prefix + ".safetensors"), state, {"format": "pt"})
    torch.manual_seed(seed + 1)
    x = torch.randn(2, 3, 32, 32)
    x36 = torch.randn(1, 3, 36, 36)
    io = OrderedDict(input=x, input36=x36)
    io["features"], io["logits"] = outputs(net, x)
    io["features36"], io["logits36"] = outputs(net, x36)
    if half_variants:
        f16 = OrderedDict((k, v.half() if v.is_floating_point() else v) for k, v in state.items())
        save(f16, prefix + "-f16.pth")
        bf16 = OrderedDict((k, v.bfloat16() if v.is_floating_point() else v) for k, v in state.items())
        write_safetensors(os.path.join(HERE, prefix + "-bf16.safetensors"), bf16, {"format": "pt"})
        io["features_f16"], io["logits_f16"] = outputs(rounded(net, torch.float16), x)
        io["features_bf16"], io["logits_bf16"] = outputs(rounded(net, torch.bfloat16), x)
    write_safetensors(os.path.join(HERE, prefix + "-io.safetensors"), io)
    return net


class TinyConvBn(nn.Module):

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, kernel_size=3, bias=False)
        self.bn1 = nn.BatchNorm2d(4)


class Pwned:
    """An object whose unpickling runs a shell command, as a hostile checkpoint would."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/lantern-weights-pwned",))


def main():
    assert_torchvision_names()
    net_fixtures("basic", BasicBlock, [2, 2, 2, 2], 4, 10, 14, True)
    net_fixtures("bottleneck", Bottleneck, [3, 4, 6, 3], 2, 10, 15, False)
    save(make_net(BasicBlock, [3, 4, 6, 3], 4, 10, 17).state_dict(), "resnet34-w4.pth")

    torch.manual_seed(16)
    tiny = TinyConvBn()
    with torch.no_grad():
        tiny.bn1.running_mean.normal_()
        tiny.bn1.running_var.uniform_(0.5, 2.0)
        tiny.bn1.weight.uniform_(0.5, 1.5)
    save({"epoch": 3, "state_dict": tiny.state_dict(keep_vars=True)}, "nested.pth")
    optimizer = torch.optim.Adam(tiny.parameters(), lr=1e-3)
    tiny.conv1.weight.sum().backward()
    optimizer.step()
    save({"model": tiny.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 2}, "checkpoint.pth")

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 8
    save(OrderedDict(base=base, row=base[1], transposed=base.t(), tail=base.view(-1)[5:17]), "views.pth")

    save({"conv1.weight": torch.zeros(1), "extra": Pwned()}, "hostile-reduce.pth")


if __name__ == "__main__":
    main()
