/**
 * Images in and out: decoding within pixel and byte limits (EXIF orientation, RGB),
 * uploads named by their file, resizing and cropping into CHW tensors, normalization, and
 * PNG encoding. The base of the other vision packages: it imports none of them, only the
 * limits in {@code vision}.
 */
package dev.lantern.vision.image;
