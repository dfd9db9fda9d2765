package dev.lantern.models.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.lantern.models.WeightsSource;

/**
 * {@code manifest.json} of a model archive: the version's metadata and a checksum for
 * each of its files, which sit under {@code files/} in the archive.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion the archive layout's version, {@value #FORMAT_VERSION}
 * @param name the model's name where it was exported
 * @param version the version's number where it was exported
 * @param kind the model kind
 * @param jobId the job that trained it, or null
 * @param pretrained whether pretrained weights were used
 * @param weights the pretrained weights its training started from (their id where it was
 * exported, SHA-256 and file name), or null: trained from random weights, or an archive
 * written before archives carried them
 * @param inputSchema what it takes
 * @param labels class labels
 * @param metrics final figures
 * @param createdAt when it was registered where it was exported
 * @param files the files, with size and SHA-256
 */
record ArchiveManifest(String format, int formatVersion, String name, Integer version, String kind, UUID jobId,
		boolean pretrained, WeightsSource weights, Map<String, Object> inputSchema, List<String> labels,
		Map<String, Double> metrics, Instant createdAt, List<ArchiveFile> files) {

	static final String FORMAT = "lantern-model-archive";

	static final int FORMAT_VERSION = 1;

	static final String MANIFEST = "manifest.json";

	static final String FILES = "files/";

	/**
	 * A file of the archive.
	 *
	 * @param name its name, under {@code files/}
	 * @param size its size in bytes
	 * @param sha256 its SHA-256, hexadecimal
	 */
	record ArchiveFile(String name, long size, String sha256) {

	}

}
