package dev.lantern.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.lantern.hostile.HostileCase.of;

/** Uploads: CSV files, image archives and model archives that must not be stored. */
class UploadCases implements HostileCases {

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("uploads", "an image archive with an entry outside its folder",
						(f) -> upload(f, "/api/v1/datasets", "escape.zip",
								zip("pets/cat/../../../../tmp/evil.png", new byte[] { 1, 2, 3 })),
						400, "evil.png"),
				of("uploads", "a model archive that is not a zip",
						(f) -> upload(f, "/api/v1/models", "model.zip",
								"not a zip at all".getBytes(StandardCharsets.US_ASCII)),
						400, "file"),
				of("uploads", "a model archive whose manifest's weights digest is not a SHA-256",
						(f) -> upload(f, "/api/v1/models", "model.zip",
								archive("{\"sha256\":\"../../etc/passwd\",\"fileName\":\"resnet34.pth\"}")),
						400, "weights.sha256"),
				of("uploads", "a model archive whose manifest's weights file name is 10000 characters",
						(f) -> upload(f, "/api/v1/models", "model.zip",
								archive("{\"sha256\":\"" + "ab".repeat(32) + "\",\"fileName\":\"" + "w".repeat(10000)
										+ "\"}")),
						400, "weights.fileName"),
				of("uploads", "a model archive whose manifest's weights id climbs out of its directory",
						(f) -> upload(f, "/api/v1/models", "model.zip",
								archive("{\"id\":\"../../../etc\",\"sha256\":\"" + "ab".repeat(32)
										+ "\",\"fileName\":\"a.pth\"}")),
						400, "weights.id"),
				of("uploads", "an empty CSV file", (f) -> upload(f, "/api/v1/datasets", "empty.csv", new byte[0]),
						400));
	}

	static HostileResponse upload(HostileFixture f, String path, String filename, byte[] content) {
		String boundary = "hostile-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return f.send(f.authorized(path)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	/**
	 * A model archive whose manifest names the given weights (and whose file is junk).
	 */
	private static byte[] archive(String weights) {
		String manifest = "{\"format\":\"lantern-model-archive\",\"formatVersion\":1,\"name\":\"m\",\"kind\":\"tabular\","
				+ "\"pretrained\":true,\"weights\":" + weights
				+ ",\"files\":[{\"name\":\"model.zip\",\"size\":1,\"sha256\":\"" + "00".repeat(32) + "\"}]}";
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
				zip.putNextEntry(new ZipEntry("files/model.zip"));
				zip.write(new byte[] { 1 });
				zip.closeEntry();
				zip.putNextEntry(new ZipEntry("manifest.json"));
				zip.write(manifest.getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] zip(String entry, byte[] content) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
				zip.putNextEntry(new ZipEntry(entry));
				zip.write(content);
				zip.closeEntry();
			}
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
