/**
 * What a vision model version is made of: its files ({@code model.zip},
 * {@code vision.json}, the interpretation), the metadata workers read from them, and the
 * typed view of its registry metadata ({@code VisionVersion}) that controllers use. The
 * stored names and keys are read by versions of earlier builds: keep them.
 */
package dev.lantern.vision.model;
