package dev.lantern.vision.heatmap;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;

import dev.lantern.vision.Finite;
import dev.lantern.vision.image.ImageUploads;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Where a vision model looks: Lesson 6's heatmap as a PNG overlay, or with
 * {@code Accept: application/json} the raw grid. Spring negotiates which one from the
 * {@code Accept} header and {@code produces}: Jackson writes the heatmap as JSON,
 * {@link HeatmapPngConverter} as a PNG, the first one listed when the client has no
 * preference.
 */
@RestController
@Tag(name = "Heatmaps", description = "Grad-CAM and channel-mean heatmaps of vision models")
class HeatmapController {

	private static final String ACCEPT_DESCRIPTION = "image/png (the default) for the overlay, "
			+ "application/json for the raw grid";

	private final HeatmapService heatmaps;

	private final ImageUploads uploads;

	HeatmapController(HeatmapService heatmaps, ImageUploads uploads) {
		this.heatmaps = heatmaps;
		this.uploads = uploads;
	}

	@PostMapping(path = { "/api/v1/models/{name}/heatmap", "/api/v1/models/{name}/versions/{version}/heatmap" },
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Heatmap of an uploaded image (multipart part 'file'): a PNG overlay, or with "
			+ "'Accept: application/json' the raw grid, the class used and the top-k probabilities")
	@Parameter(name = HttpHeaders.ACCEPT, in = ParameterIn.HEADER, required = false, schema = @Schema(type = "string"),
			description = ACCEPT_DESCRIPTION)
	ResponseEntity<?> fromFile(@PathVariable String name, @PathVariable(required = false) Integer version,
			@RequestPart("file") MultipartFile file, @Valid @ParameterObject Settings settings) throws IOException {
		byte[] data = file.getBytes();
		return answer(this.heatmaps.explain(name, version,
				(side) -> this.uploads.decode(file.getOriginalFilename(), file.getName(), data, side),
				settings.options()));
	}

	@PostMapping(path = { "/api/v1/models/{name}/heatmap", "/api/v1/models/{name}/versions/{version}/heatmap" },
			consumes = { MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "image/*" },
			produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Heatmap of an image sent as the raw body: a PNG overlay, or with "
			+ "'Accept: application/json' the raw grid, the class used and the top-k probabilities")
	@Parameter(name = HttpHeaders.ACCEPT, in = ParameterIn.HEADER, required = false, schema = @Schema(type = "string"),
			description = ACCEPT_DESCRIPTION)
	ResponseEntity<?> fromBody(@PathVariable String name, @PathVariable(required = false) Integer version,
			@RequestBody byte[] body, @Valid @ParameterObject Settings settings) {
		return answer(this.heatmaps.explain(name, version, (side) -> this.uploads.decode("body", body, side),
				settings.options()));
	}

	/**
	 * The heatmap, as the PNG or the JSON Spring negotiated, naming the class it is for
	 * in {@code Lantern-Class} (percent-encoded UTF-8, since labels come from file names
	 * and headers carry only ASCII).
	 */
	private static ResponseEntity<ExplainedHeatmap> answer(ExplainedHeatmap heatmap) {
		return ResponseEntity.ok().header("Lantern-Class", headerValue(heatmap.classLabel())).body(heatmap);
	}

	/** A label as a header value: percent-encoded UTF-8, spaces as {@code %20}. */
	static String headerValue(String label) {
		return URLEncoder.encode(label, StandardCharsets.UTF_8).replace("+", "%20");
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
	 * @param topK how many probabilities the JSON lists, 1 to 1000 (default 5)
	 */
	record Settings(@Parameter(name = "class",
			description = "The class to explain: a label or an index; default the predicted class") @BindParam("class") String classLabel,
			@Parameter(description = "gradcam (default) or mean") @OneOf(value = {
					"gradcam", "grad-cam", "mean" }, message = "must be 'gradcam' or 'mean'") String method,
			@Parameter(
					description = "Opacity of the heat, 0 to 1 (default 0.6)") @Finite @DecimalMin("0") @DecimalMax("1") Double alpha,
			@Parameter(description = "magma (default), viridis or jet") @OneOf(value = { "magma", "viridis", "jet" },
					message = "must be 'magma', 'viridis' or 'jet'") String colormap,
			@Parameter(
					description = "Side of the PNG in pixels, 16 to 2048 (default the model's image size)") @Min(16) @Max(2048) Integer size,
			@Parameter(
					description = "How many probabilities the JSON lists (default 5)") @Min(1) @Max(1000) Integer topK){

		/** Lesson 6's {@code show_heatmap} opacity ({@code alpha=0.6}). */
		static final double DEFAULT_ALPHA = 0.6;

		static final int DEFAULT_TOP_K = 5;

		/** The checked settings; call after validation. */
		HeatmapOptions options() {
			String label = this.classLabel;
			Integer index = null;
			if (label != null && label.matches("\\d{1,6}")) {
				index = Integer.valueOf(label);
				label = null;
			}
			HeatmapMethod heatmapMethod = (this.method == null || !"mean".equalsIgnoreCase(this.method))
					? HeatmapMethod.GRADCAM : HeatmapMethod.MEAN;
			Colormap colors = (this.colormap != null) ? Colormap.valueOf(this.colormap.toUpperCase(Locale.ROOT))
					: Colormap.MAGMA;
			return new HeatmapOptions(label, index, heatmapMethod, colors,
					(this.alpha != null) ? this.alpha : DEFAULT_ALPHA, this.size,
					(this.topK != null) ? this.topK : DEFAULT_TOP_K);
		}

	}

}
