/**
 * fastai's {@code ClassificationInterpretation}: a model's validation results as a
 * confusion matrix, most confused pairs and top losses, and the confusion matrix as a
 * PNG. Imports only {@code vision.image}.
 */
package dev.lantern.vision.interpret;
