/**
 * The networks: every {@code Architecture} (torchvision's ResNet-18/34 as DL4J graphs,
 * the zoo's ResNet-50, each with fastai's head, and {@code simple-cnn}), their layer
 * groups, freezing, pretrained weights copied by layer name and BatchNorm folding for
 * serving. Knows nothing of training schedules, jobs or HTTP; imports no other Lantern
 * package.
 */
package dev.lantern.vision.nets;
