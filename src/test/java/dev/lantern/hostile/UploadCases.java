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
