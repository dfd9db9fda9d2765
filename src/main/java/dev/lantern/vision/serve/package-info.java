/**
 * Serving vision models: the {@code vision} model format, the classify and interpretation
 * operations run on inference workers, their endpoints and the Open Inference Protocol
 * adapter. {@code VisionModel} (with its {@code KIND}) and {@code ClassProbabilities} are
 * the API that other vision packages (heatmaps) use.
 */
package dev.lantern.vision.serve;
