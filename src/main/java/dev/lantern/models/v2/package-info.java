/**
 * The KServe V2 / Open Inference Protocol under {@code /v2}: metadata and infer endpoints
 * for every model kind whose feature provides an {@code OpenInferenceAdapter}.
 */
package dev.lantern.models.v2;
