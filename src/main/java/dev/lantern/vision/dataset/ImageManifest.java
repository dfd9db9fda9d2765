package dev.lantern.vision.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The index of an image dataset, {@code manifest.tsv} in its directory: one line per
 * image with its split, label, stored path, original name and, for generated datasets,
 * the bounding box of the object that tells its class apart.
 *
 * @param entries the images
 */
public record ImageManifest(List<Entry> entries) {

	/** The manifest's file name in a dataset directory. */
	public static final String FILE = "manifest.tsv";

	private static final String HEADER = "split\tlabel\tpath\tsource\tbox";

	/** The sorted class labels. */
	public List<String> labels() {
		return List.copyOf(new TreeSet<>(this.entries.stream().map(Entry::label).toList()));
	}

	/** The images of one split. */
	public List<Entry> split(Split split) {
		return this.entries.stream().filter((entry) -> entry.split() == split).toList();
	}

	/** Writes the manifest into a dataset directory. */
	public void write(Path directory) throws IOException {
		try (BufferedWriter out = Files.newBufferedWriter(directory.resolve(FILE), StandardCharsets.UTF_8)) {
			out.write(HEADER);
			out.newLine();
			for (Entry entry : this.entries) {
				out.write(entry.split().name().toLowerCase(java.util.Locale.ROOT) + "\t" + clean(entry.label()) + "\t"
						+ entry.path() + "\t" + clean(entry.source()) + "\t"
						+ ((entry.box() != null) ? entry.box().format() : ""));
				out.newLine();
			}
		}
	}

	/** Reads the manifest of a dataset directory. */
	public static ImageManifest read(Path directory) throws IOException {
		Path file = directory.resolve(FILE);
		if (!Files.isRegularFile(file)) {
			throw new IOException("Not an image dataset: " + FILE + " is missing");
		}
		List<Entry> entries = new ArrayList<>();
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.split("\t", -1);
			entries.add(new Entry(Split.valueOf(f[0].toUpperCase(java.util.Locale.ROOT)), f[1], f[2], f[3],
					(f.length > 4 && !f[4].isEmpty()) ? Box.parse(f[4]) : null));
		}
		return new ImageManifest(List.copyOf(entries));
	}

	private static String clean(String value) {
		return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
	}

	/** Training or validation. */
	public enum Split {

		TRAIN, VALID

	}

	/**
	 * One image.
	 *
	 * @param split its split
	 * @param label its class
	 * @param path its file, relative to the dataset directory
	 * @param source its name in the upload
	 * @param box where the telling object is, or null when unknown
	 */
	public record Entry(Split split, String label, String path, String source, Box box) {

	}

	/**
	 * A bounding box in pixels of the stored image.
	 *
	 * @param x left
	 * @param y top
	 * @param width width
	 * @param height height
	 */
	public record Box(int x, int y, int width, int height) {

		String format() {
			return this.x + "," + this.y + "," + this.width + "," + this.height;
		}

		static Box parse(String value) {
			String[] p = value.split(",");
			return new Box(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
					Integer.parseInt(p[3]));
		}

	}

}
