/**
 * Training machinery shared by the tabular and vision trainers: fastai-style training
 * callbacks on DL4J listeners, the one-cycle schedule, epoch metrics and cancellation.
 * Imports no feature.
 */
package dev.lantern.training;
