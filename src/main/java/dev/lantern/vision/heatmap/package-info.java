/**
 * Where a vision model looks (Lesson 6's heatmaps): an activation hook, Grad-CAM and the
 * channel mean computed on an inference worker, the overlay, and the convolution
 * playground. Its controllers bind and validate requests; {@code HeatmapService} does the
 * work. Imports the public API of {@code vision.serve}, {@code vision.model},
 * {@code vision.nets} and {@code vision.image}, and {@code models}' seams.
 */
package dev.lantern.vision.heatmap;
