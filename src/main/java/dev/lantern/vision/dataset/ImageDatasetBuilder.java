package dev.lantern.vision.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.lantern.vision.dataset.ImageManifest.Box;
import dev.lantern.vision.dataset.ImageManifest.Entry;
import dev.lantern.vision.dataset.ImageManifest.Split;

/**
 * Collects the images of a new dataset into {@code images/} of its directory, then makes
 * the seeded random validation split (fastai's {@code RandomSplitter(valid_pct, seed)}),
 * writes the manifest and reports counts per class and skipped files.
 */
final class ImageDatasetBuilder {

	/** Skipped files listed in a report, beyond which only the count grows. */
	static final int MAX_LISTED_SKIPS = 1000;

	private final Path directory;

	private final Path images;

	private final List<Entry> accepted = new ArrayList<>();

	private final List<Map<String, String>> skipped = new ArrayList<>();

	private int skippedCount;

	ImageDatasetBuilder(Path directory) throws IOException {
		this.directory = directory;
		this.images = Files.createDirectories(directory.resolve("images"));
	}

	/**
	 * Stores an image under a name derived from its original one.
	 * @param source the name in the upload
	 * @param extension the file's extension, lower case without the dot
	 */
	void add(String source, String label, String extension, byte[] data, Box box) throws IOException {
		String base = baseName(source).replaceAll("[^A-Za-z0-9._-]", "_");
		String stem = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base;
		String name = stem + "." + extension;
		if (Files.exists(this.images.resolve(name))) {
			name = this.accepted.size() + "-" + name;
		}
		Files.write(this.images.resolve(name), data);
		this.accepted.add(new Entry(Split.TRAIN, label, "images/" + name, source, box));
	}

	void skip(String source, String reason) {
		this.skippedCount++;
		if (this.skipped.size() < MAX_LISTED_SKIPS) {
			this.skipped.add(Map.of("file", source, "reason", reason));
		}
	}

	int size() {
		return this.accepted.size();
	}

	/**
	 * Splits, writes the manifest and returns the report.
	 * @param validPct the share of images for validation
	 * @param seed the split's seed
	 */
	Map<String, Object> finish(double validPct, long seed) throws IOException {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < this.accepted.size(); i++) {
			order.add(i);
		}
		Collections.shuffle(order, new Random(seed));
		int valid = (int) Math.round(validPct * this.accepted.size());
		List<Entry> entries = new ArrayList<>(this.accepted);
		for (int i = 0; i < valid; i++) {
			int index = order.get(i);
			Entry e = entries.get(index);
			entries.set(index, new Entry(Split.VALID, e.label(), e.path(), e.source(), e.box()));
		}
		ImageManifest manifest = new ImageManifest(List.copyOf(entries));
		manifest.write(this.directory);
		Map<String, Map<String, Integer>> counts = new TreeMap<>();
		for (Entry entry : entries) {
			counts.computeIfAbsent(entry.label(), (label) -> new LinkedHashMap<>(Map.of("train", 0, "valid", 0)))
				.merge(entry.split() == Split.TRAIN ? "train" : "valid", 1, Integer::sum);
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("images", entries.size());
		report.put("classes", manifest.labels());
		report.put("train", entries.size() - valid);
		report.put("valid", valid);
		report.put("validPct", validPct);
		report.put("seed", seed);
		report.put("countsPerClass", counts);
		report.put("skippedCount", this.skippedCount);
		report.put("skipped", List.copyOf(this.skipped));
		return report;
	}

	static String baseName(String path) {
		String p = path.replace('\\', '/');
		return p.substring(p.lastIndexOf('/') + 1);
	}

}
