package dev.lantern.vision.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

import dev.lantern.datasets.DatasetImporter;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.dataset.ArchiveEntries.ArchiveLimits;
import dev.lantern.vision.image.DecodeSlots;
import dev.lantern.vision.image.ImageDecoder;
import dev.lantern.vision.image.ImageDecoder.ImageHeader;
import dev.lantern.vision.image.ImageDecodingException;
import dev.lantern.vision.image.ImageTooLargeException;

import org.springframework.stereotype.Component;

/**
 * Imports zip, tar and tar.gz archives of JPEG and PNG images as {@code images} datasets.
 * Options (query parameters of the upload): {@code labels} ({@code filename}, default, or
 * {@code folder}), {@code labelPattern} (default the Oxford-IIIT Pet naming
 * {@code ^(.+)_\d+\.(jpe?g|png)$}, group 1), {@code validPct} (default 0.2, fastai's
 * {@code valid_pct}) and {@code seed} (default 42).
 */
@Component
class ImageArchiveImporter implements DatasetImporter {

	/** fastai's {@code valid_pct=0.2}. */
	static final double DEFAULT_VALID_PCT = 0.2;

	static final long DEFAULT_SEED = 42;

	/**
	 * The shorter side entries are decoded at to check that they are readable: every byte
	 * of the image is still read, but only a thumbnail is kept.
	 */
	static final int CHECK_SIDE = 64;

	private final VisionProperties properties;

	private final DecodeSlots slots;

	ImageArchiveImporter(VisionProperties properties, DecodeSlots slots) {
		this.properties = properties;
		this.slots = slots;
	}

	@Override
	public String kind() {
		return "images";
	}

	@Override
	public boolean accepts(String filename, String contentType) {
		String name = (filename != null) ? filename.toLowerCase(Locale.ROOT) : "";
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		return name.endsWith(".zip") || name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz")
				|| type.startsWith("application/zip") || type.startsWith("application/x-tar")
				|| type.startsWith("application/gzip") || type.startsWith("application/x-gzip");
	}

	@Override
	public Map<String, Object> importInto(Path directory, String filename, InputStream content,
			Map<String, String> options) throws IOException {
		LabelRule labels = LabelRule.of(options);
		double validPct = SplitOptions.validPct(options, DEFAULT_VALID_PCT);
		long seed = SplitOptions.seed(options, DEFAULT_SEED);
		Path spool = Files.createTempFile(directory, ".upload-", ".part");
		try {
			Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
			ImageDatasetBuilder builder = new ImageDatasetBuilder(directory);
			ImageDecoder decoder = new ImageDecoder(this.properties.maxImagePixels());
			ArchiveEntries entries = new ArchiveEntries(new ArchiveLimits(this.properties.maxArchiveEntries(),
					this.properties.maxArchiveBytes().toBytes(), this.properties.maxImageBytes().toBytes()));
			entries.forEach(spool, filename, (name, data) -> add(builder, decoder, labels, name, data));
			if (builder.size() == 0) {
				throw new InvalidInputException("'" + filename + "' holds no readable JPEG or PNG image with a label"
						+ " (labels=" + options.getOrDefault("labels", "filename") + ")");
			}
			Map<String, Object> report = builder.finish(validPct, seed);
			report.put("labels", options.getOrDefault("labels", "filename"));
			return report;
		}
		finally {
			Files.deleteIfExists(spool);
		}
	}

	private void add(ImageDatasetBuilder builder, ImageDecoder decoder, LabelRule labels, String name, byte[] data)
			throws IOException {
		String base = ImageDatasetBuilder.baseName(name);
		if (name.startsWith("__MACOSX/") || base.startsWith(".")) {
			return;
		}
		String lower = base.toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".jpg") && !lower.endsWith(".jpeg") && !lower.endsWith(".png")) {
			builder.skip(name, "not a .jpg, .jpeg or .png file");
			return;
		}
		String label = labels.label(name);
		if (label == null) {
			builder.skip(name, labels.missingReason());
			return;
		}
		try {
			ImageHeader header = decoder.header(data);
			int subsampling = ImageDecoder.subsampling(header.width(), header.height(), CHECK_SIDE);
			this.slots.decode(() -> decoder.decode(data, subsampling));
		}
		catch (ImageTooLargeException ex) {
			throw new TooLargeException("Entry '" + name + "' is " + ex.width() + " x " + ex.height()
					+ " pixels, more than the " + ex.maxPixels() + " allowed (lantern.vision.max-image-pixels)")
				.with("entry", name);
		}
		catch (ImageDecodingException ex) {
			builder.skip(name, ex.reason());
			return;
		}
		builder.add(name, label, lower.endsWith(".png") ? "png" : "jpg", data, null);
	}

}
