/**
 * Image datasets: archives (zip, tar, tar.gz) imported safely as a {@code datasets}
 * importer, labels from file or folder names, the seeded validation split, the manifest,
 * and the generated Oxford-style pets. Imports {@code vision.image}, the limits in
 * {@code vision} and the {@code datasets} API.
 */
package dev.lantern.vision.dataset;
