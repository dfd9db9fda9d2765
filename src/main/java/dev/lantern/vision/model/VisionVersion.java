package dev.lantern.vision.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.vision.image.Normalization;

/**
 * A vision model version as the registry describes it, typed: read once from its
 * {@link ModelVersionInfo} (the {@code inputSchema} that {@link #inputSchema} writes, and
 * the labels), so that controllers and adapters know the image geometry and classes
 * without loading the model. Workers read the same facts, and the architecture, from the
 * version's {@code vision.json} ({@link VisionModelMetadata}).
 *
 * @param name the model's name
 * @param version the version number
 * @param imageSize the side of the square input the model takes
 * @param normalization the per-channel normalization of its input
 * @param labels the class labels, in output order
 * @param pretrained whether its body started from pretrained weights
 */
public record VisionVersion(String name, int version, int imageSize, Normalization normalization, List<String> labels,
		boolean pretrained) {

	/**
	 * The input size assumed for a version whose schema does not record one (fastai's and
	 * torchvision's 224; versions Lantern trains always record theirs).
	 */
	public static final int DEFAULT_IMAGE_SIZE = 224;

	private static final String IMAGE_SIZE = "imageSize";

	private static final String MEAN = "mean";

	private static final String STD = "std";

	/** The typed view of a version resolved as a vision model. */
	public static VisionVersion of(ModelVersionInfo info) {
		Map<String, Object> schema = (info.inputSchema() != null) ? info.inputSchema() : Map.of();
		int imageSize = (schema.get(IMAGE_SIZE) instanceof Number size && size.intValue() > 0) ? size.intValue()
				: DEFAULT_IMAGE_SIZE;
		List<Double> mean = channels(schema.get(MEAN));
		List<Double> std = channels(schema.get(STD));
		Normalization normalization = (mean != null && std != null) ? new Normalization(mean, std)
				: Normalization.IMAGENET;
		return new VisionVersion(info.name(), info.version(), imageSize, normalization, List.copyOf(info.labels()),
				info.pretrained());
	}

	/**
	 * What clients see of a new version's input (its {@code inputSchema}): image size,
	 * layout and normalization. Stored with every version; the keys are read back by
	 * {@link #of}.
	 */
	public static Map<String, Object> inputSchema(VisionModelMetadata metadata) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "image");
		schema.put("accepts", List.of("image/jpeg", "image/png"));
		schema.put(IMAGE_SIZE, metadata.imageSize());
		schema.put("layout", "NCHW");
		schema.put("channels", 3);
		schema.put(MEAN, metadata.normalization().mean());
		schema.put(STD, metadata.normalization().std());
		return schema;
	}

	/** Three finite numbers, or null. */
	private static List<Double> channels(Object value) {
		if (!(value instanceof List<?> list) || list.size() != 3) {
			return null;
		}
		Double[] channels = new Double[3];
		for (int c = 0; c < 3; c++) {
			if (!(list.get(c) instanceof Number number) || !Double.isFinite(number.doubleValue())) {
				return null;
			}
			channels[c] = number.doubleValue();
		}
		return List.of(channels);
	}

}
