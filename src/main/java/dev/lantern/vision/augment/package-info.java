/**
 * fastai's {@code get_transforms()} on the JVM: flips, rotation, zoom, lighting and
 * perspective warp with reflection padding, and the augmentation preview endpoint.
 * Imports {@code vision.image} and the limits in {@code vision}.
 */
package dev.lantern.vision.augment;
