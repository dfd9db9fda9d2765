package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.web.ProblemException;
import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.image.ImageUploads;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Where a vision model looks: Lesson 6's heatmap as a PNG overlay, or the raw grid as
 * JSON.
 */
@RestController
@Tag(name = "Heatmaps", description = "Grad-CAM and channel-mean heatmaps of vision models")
class HeatmapController {

	private final Inference inference;

	private final HeatmapOperation operation;

	private final ImageUploads uploads;

	HeatmapController(Inference inference, HeatmapOperation operation, ImageUploads uploads) {
		this.inference = inference;
		this.operation = operation;
		this.uploads = uploads;
	}

	@PostMapping(path = { "/api/v1/models/{name}/heatmap", "/api/v1/models/{name}/versions/{version}/heatmap" },
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Heatmap of an uploaded image (multipart part 'file'): a PNG overlay, or with "
			+ "'Accept: application/json' the raw grid, the class used and the top-k probabilities")
	ResponseEntity<?> fromFile(@PathVariable String name, @PathVariable(required = false) Integer version,
			@RequestPart("file") MultipartFile file, @ParameterObject Settings settings,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) throws IOException {
		return answer(name, version, decode(file), settings, accept);
	}

	@PostMapping(path = { "/api/v1/models/{name}/heatmap", "/api/v1/models/{name}/versions/{version}/heatmap" },
			consumes = { MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "image/*" },
			produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Heatmap of an image sent as the raw body: a PNG overlay, or with "
			+ "'Accept: application/json' the raw grid, the class used and the top-k probabilities")
	ResponseEntity<?> fromBody(@PathVariable String name, @PathVariable(required = false) Integer version,
			@RequestBody byte[] body, @ParameterObject Settings settings,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		return answer(name, version, this.uploads.decode("body", body), settings, accept);
	}

	/** The PNG unless the client asks for JSON and prefers it to PNG. */
	private ResponseEntity<?> answer(String name, Integer version, BufferedImage image, Settings settings,
			String accept) {
		if (wantsJson(accept)) {
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(json(name, version, image, settings));
		}
		return png(name, version, image, settings);
	}

	static boolean wantsJson(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		types = new java.util.ArrayList<>(types);
		types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : types) {
			if (type.isCompatibleWith(MediaType.IMAGE_PNG) && !type.isWildcardType()) {
				return false;
			}
			if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
				return true;
			}
		}
		return false;
	}

	private ResponseEntity<byte[]> png(String name, Integer version, BufferedImage image,
			@ParameterObject Settings settings) {
		Computed computed = compute(name, version, image, settings);
		Object schemaSize = (computed.info().inputSchema() != null) ? computed.info().inputSchema().get("imageSize")
				: null;
		int size = (schemaSize instanceof Number number) ? number.intValue()
				: Math.min(image.getWidth(), image.getHeight());
		int outputSize = (settings.size() != null) ? settings.size() : size;
		BufferedImage seen = ImageTensors.centerCrop(ImageTensors.resizeShorterSide(image, size), size);
		BufferedImage overlay = HeatmapOverlay.render(seen, computed.heatmap(), settings.colormapValue(),
				settings.alphaValue(), outputSize, outputSize);
		return ResponseEntity.ok()
			.header("X-Lantern-Class", computed.label())
			.contentType(MediaType.IMAGE_PNG)
			.body(encode(overlay));
	}

	private HeatmapResponse json(String name, Integer version, BufferedImage image,
			@ParameterObject Settings settings) {
		Computed computed = compute(name, version, image, settings);
		List<HeatmapResponse.Probability> top = new ArrayList<>();
		float[] probabilities = computed.heatmap().probabilities();
		List<String> labels = computed.info().labels();
		Integer[] order = new Integer[probabilities.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
		for (int i = 0; i < Math.min(settings.topKValue(), order.length); i++) {
			top.add(new HeatmapResponse.Probability(labels.get(order[i]), probabilities[order[i]]));
		}
		return new HeatmapResponse(computed.info().name(), computed.info().version(),
				settings.methodValue().name().toLowerCase(Locale.ROOT), computed.heatmap().classIndex(),
				computed.label(), computed.heatmap().height(), computed.heatmap().width(), computed.heatmap().grid(),
				top);
	}

	private Computed compute(String name, Integer version, BufferedImage image, @ParameterObject Settings settings) {
		ModelVersionInfo info = this.inference.resolve(name, version);
		if (!"vision".equals(info.kind())) {
			throw ProblemException
				.badRequest("Model '" + name + "' is a " + info.kind() + " model; heatmaps are for vision models");
		}
		HeatmapInput input = settings.input(image);
		Heatmap heatmap = this.inference.run(name, info.version(), this.operation, input);
		return new Computed(info, heatmap, info.labels().get(heatmap.classIndex()));
	}

	private BufferedImage decode(MultipartFile file) throws IOException {
		String fileName = (file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank())
				? file.getOriginalFilename() : "file";
		return this.uploads.decode(fileName, file.getBytes());
	}

	private static byte[] encode(BufferedImage image) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Computed(ModelVersionInfo info, Heatmap heatmap, String label) {

	}

	/**
	 * The heatmap's settings, from query parameters.
	 *
	 * @param classLabel the class to explain ({@code class}): a label, or an index;
	 * default the predicted class
	 * @param method {@code gradcam} (default) or {@code mean}
	 * @param alpha the heat's opacity, 0 to 1 (default 0.6, as in the lesson)
	 * @param colormap {@code magma} (default, as in the lesson), {@code viridis} or
	 * {@code jet}
	 * @param size the PNG's side in pixels, 16 to 2048 (default the model's image size)
	 * @param topK how many probabilities the JSON lists (default 5)
	 */
	record Settings(@Parameter(name = "class",
			description = "The class to explain: a label or an index; default the predicted class") @BindParam("class") String classLabel,
			@Parameter(description = "gradcam (default) or mean") String method,
			@Parameter(description = "Opacity of the heat, 0 to 1 (default 0.6)") Double alpha,
			@Parameter(description = "magma (default), viridis or jet") String colormap,
			@Parameter(
					description = "Side of the PNG in pixels, 16 to 2048 (default the model's image size)") Integer size,
			@Parameter(description = "How many probabilities the JSON lists (default 5)") Integer topK) {

		HeatmapInput input(BufferedImage image) {
			String label = this.classLabel;
			Integer index = null;
			if (label != null && label.matches("\\d{1,6}")) {
				index = Integer.valueOf(label);
				label = null;
			}
			if (this.size != null && (this.size < 16 || this.size > 2048)) {
				throw ProblemException.invalidField("size", "size must be between 16 and 2048 pixels");
			}
			if (this.alpha != null && (this.alpha < 0 || this.alpha > 1)) {
				throw ProblemException.invalidField("alpha", "alpha must be between 0 and 1");
			}
			if (this.topK != null && (this.topK < 1 || this.topK > 1000)) {
				throw ProblemException.invalidField("topK", "topK must be between 1 and 1000");
			}
			colormapValue();
			return new HeatmapInput(image, label, index, methodValue());
		}

		HeatmapMethod methodValue() {
			if (this.method == null) {
				return HeatmapMethod.GRADCAM;
			}
			return switch (this.method.toLowerCase(Locale.ROOT)) {
				case "gradcam", "grad-cam" -> HeatmapMethod.GRADCAM;
				case "mean" -> HeatmapMethod.MEAN;
				default -> throw ProblemException.invalidField("method",
						"method must be 'gradcam' or 'mean', not '" + this.method + "'");
			};
		}

		Colormap colormapValue() {
			if (this.colormap == null) {
				return Colormap.MAGMA;
			}
			try {
				return Colormap.valueOf(this.colormap.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw ProblemException.invalidField("colormap",
						"colormap must be 'magma', 'viridis' or 'jet', not '" + this.colormap + "'");
			}
		}

		double alphaValue() {
			return (this.alpha != null) ? this.alpha : 0.6;
		}

		int topKValue() {
			return (this.topK != null) ? this.topK : 5;
		}

	}

}
