package dev.lantern.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import dev.lantern.vision.TestImages;

import static dev.lantern.hostile.HostileCase.of;

/**
 * Every endpoint that takes images (classify, KServe V2, heatmap, the convolution and
 * augmentation previews, image archive uploads) against each limit: huge dimensions, too
 * many images, more pixels than a request may hold, corrupt image bytes, truncated
 * archives, decompression bombs, and NaN or infinite parameters.
 */
class ImageCases implements HostileCases {

	/**
	 * A black 6000 x 6000 PNG, 36 megapixels in about 105 KB: the probe's pixel flood.
	 */
	private static final byte[] LARGE = TestImages.blackPng(6000, 6000);

	private static final byte[] SMALL = TestImages.blackPng(16, 16);

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("images", "classify an image declaring 100000 x 100000 pixels",
						(f) -> multipart(f, classify(f), List.of(TestImages.pngDeclaring(100_000, 100_000)), ""), 413,
						"pet-0.png", "lantern.vision.max-image-pixels"),
				of("images", "classify 33 images, one more than allowed",
						(f) -> multipart(f, classify(f), Collections.nCopies(33, SMALL), ""), 413,
						"lantern.vision.uploads.max-images"),
				of("images", "classify 12 images of 6000 x 6000 (432 megapixels)",
						(f) -> multipart(f, classify(f), Collections.nCopies(12, LARGE), ""), 413, "pet-11.png",
						"lantern.vision.uploads.max-request-source-pixels"),
				of("images", "classify a PNG cut in half",
						(f) -> multipart(f, classify(f), List.of(cut(TestImages.blackPng(500, 500))), ""), 400,
						"pet-0.png"),
				of("images", "classify a raw body declaring 100000 x 100000 pixels",
						(f) -> raw(f, classify(f), TestImages.pngDeclaring(100_000, 100_000)), 413, "body",
						"lantern.vision.max-image-pixels"),
				of("images", "V2 infer with 33 images, one more than allowed",
						(f) -> v2(f, Collections.nCopies(33, SMALL)), 413, "lantern.vision.uploads.max-images"),
				of("images", "V2 infer with 12 images of 6000 x 6000", (f) -> v2(f, Collections.nCopies(12, LARGE)),
						413, "image[11]", "lantern.vision.uploads.max-request-source-pixels"),
				of("images", "V2 infer with a PNG cut in half",
						(f) -> v2(f, List.of(cut(TestImages.blackPng(500, 500)))), 400, "image[0]"),
				of("images", "V2 infer with an FP32 batch of 33 images", (f) -> InferenceCases.json(f,
						"/v2/models/" + f.petsModel() + "/infer",
						"{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[33,3,32,32],\"data\":"
								+ zeros(33 * 3 * 32 * 32) + "}]}"),
						413, "lantern.vision.uploads.max-images"),
				of("images", "heatmap of an image declaring 100000 x 100000 pixels",
						(f) -> multipart(f, "/api/v1/models/" + f.petsModel() + "/heatmap",
								List.of(TestImages.pngDeclaring(100_000, 100_000)), ""),
						413, "lantern.vision.max-image-pixels"),
				of("images", "heatmap with alpha=NaN",
						(f) -> multipart(f, "/api/v1/models/" + f.petsModel() + "/heatmap", List.of(SMALL),
								"?alpha=NaN"),
						400, "alpha"),
				of("images", "heatmap with alpha=Infinity",
						(f) -> multipart(f, "/api/v1/models/" + f.petsModel() + "/heatmap", List.of(SMALL),
								"?alpha=Infinity"),
						400, "alpha"),
				of("images", "convolve with a kernel value of 1e309",
						(f) -> multipart(f, "/api/v1/vision/convolve", List.of(SMALL),
								"?kernel=" + query("[[0,1e309,0]]")),
						400, "kernel", "row 0, column 1"),
				of("images", "convolve with a kernel value of NaN",
						(f) -> multipart(f, "/api/v1/vision/convolve", List.of(SMALL),
								"?kernel=" + query("[[0,NaN,0]]")),
						400, "kernel"),
				of("images", "convolve with a kernel value of 1e7",
						(f) -> multipart(f, "/api/v1/vision/convolve", List.of(SMALL), "?kernel=" + query("[[1e7]]")),
						400, "kernel"),
				of("images", "convolve an image declaring 100000 x 100000 pixels",
						(f) -> multipart(f, "/api/v1/vision/convolve",
								List.of(TestImages.pngDeclaring(100_000, 100_000)), ""),
						413, "lantern.vision.max-image-pixels"),
				of("images", "augmentations with maxRotate=NaN",
						(f) -> multipart(f, "/api/v1/vision/augmentations", List.of(SMALL), "?maxRotate=NaN"), 400,
						"maxRotate"),
				of("images", "augmentations with pAffine=1e309",
						(f) -> multipart(f, "/api/v1/vision/augmentations", List.of(SMALL), "?pAffine=1e309"), 400,
						"pAffine"),
				of("images", "augmentations of corrupt image bytes",
						(f) -> multipart(f, "/api/v1/vision/augmentations", List.of(cut(TestImages.blackPng(300, 300))),
								""),
						400, "pet-0.png"),
				of("images", "an image archive upload, a tar.gz cut in half",
						(f) -> UploadCases.upload(f, "/api/v1/datasets", "pets.tar.gz", cut(tarGz())), 400,
						"pets.tar.gz"),
				of("images", "an image archive upload, a zip cut in half",
						(f) -> UploadCases.upload(f, "/api/v1/datasets", "pets.zip", cut(zip(60_000))), 400,
						"pets.zip"),
				of("images", "an image archive upload whose entry expands to 60 MB of zeros",
						(f) -> UploadCases.upload(f, "/api/v1/datasets", "bomb.zip", zip(60 * 1024 * 1024)), 413,
						"pug_1.png", "lantern.vision.max-image-bytes"),
				of("images", "an image archive upload with an image declaring 100000 x 100000 pixels",
						(f) -> UploadCases.upload(f, "/api/v1/datasets", "pixels.zip",
								UploadCases.zip("pug_1.png", TestImages.pngDeclaring(100_000, 100_000))),
						413, "pug_1.png", "lantern.vision.max-image-pixels"));
	}

	private static String classify(HostileFixture f) {
		return "/api/v1/models/" + f.petsModel() + "/classify";
	}

	/** Sends images as parts named {@code file}, files {@code pet-0.png}, .... */
	private static HostileResponse multipart(HostileFixture f, String path, List<byte[]> images, String query) {
		String boundary = "hostile-images";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int i = 0; i < images.size(); i++) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pet-" + i
					+ ".png\"\r\nContent-Type: image/png\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			body.writeBytes(images.get(i));
			body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return f.send(f.authorized(path + query)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	private static HostileResponse raw(HostileFixture f, String path, byte[] image) {
		return f.send(f.authorized(path)
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(image))
			.build());
	}

	private static HostileResponse v2(HostileFixture f, List<byte[]> images) {
		StringBuilder data = new StringBuilder();
		for (byte[] image : images) {
			data.append((data.length() == 0) ? "" : ",")
				.append('"')
				.append(Base64.getEncoder().encodeToString(image))
				.append('"');
		}
		return InferenceCases.json(f, "/v2/models/" + f.petsModel() + "/infer",
				"{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[" + images.size() + "],\"data\":["
						+ data + "]}]}");
	}

	private static String zeros(int count) {
		return "[" + String.join(",", Collections.nCopies(count, "0")) + "]";
	}

	private static String query(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static byte[] cut(byte[] data) {
		return Arrays.copyOf(data, data.length / 2);
	}

	/** A tar.gz of four labelled PNGs. */
	private static byte[] tarGz() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
			for (int i = 1; i <= 4; i++) {
				byte[] png = TestImages.png(TestImages.gradient(64, 64));
				TarArchiveEntry entry = new TarArchiveEntry("pug_" + i + ".png");
				entry.setSize(png.length);
				tar.putArchiveEntry(entry);
				tar.write(png);
				tar.closeArchiveEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** A zip of one entry, {@code pug_1.png}, of that many zero bytes. */
	private static byte[] zip(int zeros) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("pug_1.png"));
			byte[] chunk = new byte[1024 * 1024];
			for (int left = zeros; left > 0; left -= chunk.length) {
				zip.write(chunk, 0, Math.min(left, chunk.length));
			}
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
