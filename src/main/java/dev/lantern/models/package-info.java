/**
 * The plug-in seam between features and the model machinery: {@code Operation},
 * {@code ServableModel}, {@code ModelFormat}, {@code Inference}, {@code ModelPublisher}
 * and the Open Inference adapter. Features implement these; {@code models} and its
 * subpackages know no feature and import only {@code system}.
 */
package dev.lantern.models;
