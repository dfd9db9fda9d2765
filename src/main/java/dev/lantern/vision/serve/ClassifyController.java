package dev.lantern.vision.serve;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.vision.image.ImageUploads;
import dev.lantern.vision.image.ImageUploads.Upload;
import dev.lantern.vision.model.VisionVersion;

import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

@RestController
@Validated
@Tag(name = "Vision", description = "Image classification, augmentation previews and interpretation")
class ClassifyController {

	private final Inference inference;

	private final ClassifyOperation classify;

	private final ImageUploads uploads;

	ClassifyController(Inference inference, ClassifyOperation classify, ImageUploads uploads) {
		this.inference = inference;
		this.classify = classify;
		this.uploads = uploads;
	}

	@PostMapping(path = { "/api/v1/models/{name}/classify", "/api/v1/models/{name}/versions/{version}/classify" },
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify one or more uploaded images (multipart parts) with a vision model: top-k labels")
	ClassifyResponse classifyFiles(@PathVariable String name, @PathVariable(required = false) Integer version,
			@RequestParam(defaultValue = "5") @Min(1) @Max(1000) int topK, MultipartHttpServletRequest request)
			throws IOException {
		List<MultipartFile> files = new ArrayList<>();
		request.getMultiFileMap().values().forEach(files::addAll);
		this.uploads.checkCount(files.size(), "file");
		ModelVersionInfo info = this.inference.resolve(name, version, VisionModel.KIND);
		List<Upload> sent = new ArrayList<>();
		for (MultipartFile file : files) {
			sent.add(new Upload(ImageUploads.nameOf(file.getOriginalFilename(), file.getName()), file.getBytes()));
		}
		List<BufferedImage> decoded = this.uploads.decodeAll(sent, sideFor(info), "file");
		List<Named> images = new ArrayList<>();
		for (int i = 0; i < sent.size(); i++) {
			images.add(new Named(sent.get(i).name(), decoded.get(i)));
		}
		return classify(info, topK, images);
	}

	@PostMapping(path = { "/api/v1/models/{name}/classify", "/api/v1/models/{name}/versions/{version}/classify" },
			consumes = { MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "image/*" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify one image sent as the raw request body (image/jpeg or image/png)")
	ClassifyResponse classifyBody(@PathVariable String name, @PathVariable(required = false) Integer version,
			@RequestParam(defaultValue = "5") @Min(1) @Max(1000) int topK, @RequestBody byte[] body) {
		ModelVersionInfo info = this.inference.resolve(name, version, VisionModel.KIND);
		return classify(info, topK, List.of(new Named("body", this.uploads.decode("body", body, sideFor(info)))));
	}

	/** The side images are decoded at for this version's input size. */
	private static int sideFor(ModelVersionInfo info) {
		return ImageUploads.sideForModel(VisionVersion.of(info).imageSize());
	}

	private ClassifyResponse classify(ModelVersionInfo info, int topK, List<Named> images) {
		List<ClassifyInput> inputs = images.stream().map((image) -> ClassifyInput.of(image.image())).toList();
		List<ClassProbabilities> outputs = this.inference.runAll(info.name(), info.version(), this.classify, inputs);
		List<ClassifyResponse.ImageResult> results = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			results.add(new ClassifyResponse.ImageResult(images.get(i).name(), outputs.get(i).top(topK)));
		}
		return new ClassifyResponse(info.name(), info.version(), results);
	}

	/** A decoded image and the name it answers under. */
	private record Named(String name, BufferedImage image) {

	}

}
