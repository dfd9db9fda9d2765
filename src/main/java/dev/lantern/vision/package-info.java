/**
 * The pet classifier of Lesson 6: image datasets, augmentation, networks, the
 * {@code vision-train} job, classification, interpretation and heatmaps, one sub-package
 * each, with the limits of the image pipeline ({@code VisionProperties}). It plugs into
 * the other features only through their public seams ({@code models}' {@code Operation},
 * {@code ModelFormat} and {@code Inference}, {@code jobs.JobType},
 * {@code datasets.DatasetImporter}, {@code training}'s callbacks) and throws
 * {@code system.errors} exceptions (every sub-package may); nothing outside
 * {@code vision} imports it. Web types stay in the controllers and the heatmap's PNG
 * message converter.
 */
package dev.lantern.vision;
