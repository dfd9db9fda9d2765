package dev.lantern.models;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The pretrained weights a version's training started from, as its model card shows them.
 *
 * @param id the imported weights' id ({@code /api/v1/pretrained/{id}}), or null for a
 * file of the configured weights directory
 * @param sha256 the SHA-256 of the weights file, hexadecimal
 * @param fileName the weights file's name (as uploaded, or in the configured directory)
 */
@Schema(description = "The pretrained weights a version's training started from")
public record WeightsSource(String id, String sha256, String fileName) {

}
