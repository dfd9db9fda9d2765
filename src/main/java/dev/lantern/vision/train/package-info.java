/**
 * The {@code vision-train} job: fastai Lesson 6's recipe (freeze, fit one cycle,
 * unfreeze, fit with discriminative learning rates over the layer groups, computed in one
 * place by {@code LayerGroupRates}), the background image batches and the publication of
 * the version. Builds its networks with {@code vision.nets}; reports through
 * {@code training}'s callbacks.
 */
package dev.lantern.vision.train;
