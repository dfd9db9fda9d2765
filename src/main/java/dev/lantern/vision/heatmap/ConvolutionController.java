package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;
import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.image.ImageUploads;
import dev.lantern.vision.image.Png;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Lesson 6's convolution playground: an image filtered by one kernel, as a grey PNG.
 */
@RestController
@Tag(name = "Heatmaps", description = "Grad-CAM and channel-mean heatmaps of vision models")
class ConvolutionController {

	/**
	 * The shorter side a large image is decoded at (source subsampling keeps at least
	 * this): the filtered PNG is at most about this size on its shorter side.
	 */
	static final int PREVIEW_SIDE = 1024;

	/** The largest magnitude of a kernel value. */
	static final double MAX_KERNEL_VALUE = 1e6;

	private final ImageUploads uploads;

	private final JsonMapper json;

	ConvolutionController(ImageUploads uploads, JsonMapper json) {
		this.uploads = uploads;
		this.json = json;
	}

	@PostMapping(path = "/api/v1/vision/convolve", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(
			summary = "Convolve an image (part 'file') with a kernel using ND4J's conv2d op; the result as a grey PNG")
	byte[] convolve(@RequestPart("file") MultipartFile file,
			@Parameter(description = "The kernel as JSON: a 2-D array used on every colour channel (the lesson's "
					+ "expand over 3 channels) or a 3-D array with one kernel per channel; default the lesson's "
					+ "bottom-right edge kernel [[0,-5/3,1],[-5/3,-5/3,1],[1,1,1]] / 6") @RequestParam(
							required = false) String kernel)
			throws IOException {
		float[][][] weights = (kernel != null && !kernel.isBlank()) ? parse(kernel)
				: new float[][][] { Convolution.LESSON_EDGE_KERNEL };
		BufferedImage image = this.uploads.decode(file.getOriginalFilename(), file.getName(), file.getBytes(),
				PREVIEW_SIDE);
		float[][] filtered;
		try {
			filtered = Convolution.apply(image, weights);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInputException.field("kernel", ex.getMessage());
		}
		return Png.encode(Convolution.toGrey(filtered));
	}

	private float[][][] parse(String kernel) {
		JsonNode node;
		try {
			node = this.json.readTree(kernel);
		}
		catch (JacksonException ex) {
			throw InvalidInputException.field("kernel", "The kernel is not a JSON array of numbers");
		}
		if (!node.isArray() || node.isEmpty() || !node.get(0).isArray() || node.get(0).isEmpty()) {
			throw InvalidInputException.field("kernel", "The kernel must be a 2-D or 3-D JSON array of numbers");
		}
		boolean perChannel = node.get(0).get(0).isArray();
		JsonNode[] planes = perChannel ? toArray(node) : new JsonNode[] { node };
		float[][][] weights = new float[planes.length][][];
		for (int c = 0; c < planes.length; c++) {
			weights[c] = plane(planes[c]);
		}
		return weights;
	}

	private static float[][] plane(JsonNode plane) {
		if (!plane.isArray() || plane.isEmpty()) {
			throw InvalidInputException.field("kernel", "Every kernel channel must be a non-empty 2-D array");
		}
		float[][] rows = new float[plane.size()][];
		for (int y = 0; y < plane.size(); y++) {
			JsonNode row = plane.get(y);
			if (!row.isArray() || row.isEmpty()) {
				throw InvalidInputException.field("kernel", "Kernel row " + y + " is not a non-empty array");
			}
			rows[y] = new float[row.size()];
			for (int x = 0; x < row.size(); x++) {
				rows[y][x] = value(row.get(x), y, x);
			}
		}
		return rows;
	}

	/**
	 * A kernel value: a finite number of magnitude at most {@link #MAX_KERNEL_VALUE}
	 * ({@code 1e309} parses as infinity).
	 */
	private static float value(JsonNode node, int y, int x) {
		String where = "Kernel value at row " + y + ", column " + x;
		if (!node.isNumber()) {
			throw InvalidInputException.field("kernel", where + " is not a number");
		}
		double value;
		try {
			value = node.doubleValue();
		}
		catch (JacksonException ex) {
			value = Double.NaN;
		}
		if (!Double.isFinite(value) || Math.abs(value) > MAX_KERNEL_VALUE) {
			throw InvalidInputException.field("kernel",
					where + " is " + node.asString() + "; kernel values must be finite numbers between -1e6 and 1e6");
		}
		return (float) value;
	}

	private static JsonNode[] toArray(JsonNode node) {
		JsonNode[] items = new JsonNode[node.size()];
		for (int i = 0; i < node.size(); i++) {
			items[i] = node.get(i);
		}
		return items;
	}

}
