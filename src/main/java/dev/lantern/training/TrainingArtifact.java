package dev.lantern.training;

/**
 * A file a training keeps with its job and its published version: a plot or a series.
 *
 * @param name the file name
 * @param mediaType {@code image/png} or {@code application/json}
 * @param content the bytes
 */
public record TrainingArtifact(String name, String mediaType, byte[] content) {

}
