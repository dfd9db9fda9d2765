package dev.lantern.vision.dataset;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnsupportedFormatException;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.image.DecodeSlots;
import dev.lantern.vision.dataset.ImageManifest.Split;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArchiveImporterTests {

	@TempDir
	Path directory;

	private final byte[] red = TestImages.jpeg(TestImages.solid(24, 24, Color.RED));

	private final byte[] blue = TestImages.png(TestImages.solid(24, 24, Color.BLUE));

	@Test
	void labelsOxfordNamesCountsClassesAndSplitsTwentyPercent() throws IOException {
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		for (int i = 1; i <= 10; i++) {
			files.put("images/Abyssinian_" + i + ".jpg", this.red);
			files.put("images/great_pyrenees_" + i + ".png", this.blue);
		}
		files.put("images/README.txt", "hello".getBytes());
		Map<String, Object> report = importer(limits()).importInto(this.directory, "pets.zip",
				new ByteArrayInputStream(zip(files)), Map.of());
		assertThat(report).containsEntry("images", 20).containsEntry("train", 16).containsEntry("valid", 4);
		assertThat(report.get("classes")).isEqualTo(List.of("Abyssinian", "great_pyrenees"));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Integer>> counts = (Map<String, Map<String, Integer>>) report.get("countsPerClass");
		assertThat(counts.get("Abyssinian").get("train") + counts.get("Abyssinian").get("valid")).isEqualTo(10);
		assertThat(report).containsEntry("skippedCount", 1);
		ImageManifest manifest = ImageManifest.read(this.directory);
		assertThat(manifest.split(Split.VALID)).hasSize(4);
		for (ImageManifest.Entry entry : manifest.entries()) {
			assertThat(this.directory.resolve(entry.path())).isRegularFile();
		}
	}

	@Test
	void theSplitIsSeeded() throws IOException {
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		for (int i = 1; i <= 10; i++) {
			files.put("pug_" + i + ".jpg", this.red);
			files.put("boxer_" + i + ".jpg", this.red);
		}
		Path a = Files.createDirectory(this.directory.resolve("a"));
		Path b = Files.createDirectory(this.directory.resolve("b"));
		Path c = Files.createDirectory(this.directory.resolve("c"));
		importer(limits()).importInto(a, "x.zip", new ByteArrayInputStream(zip(files)), Map.of("seed", "7"));
		importer(limits()).importInto(b, "x.zip", new ByteArrayInputStream(zip(files)), Map.of("seed", "7"));
		importer(limits()).importInto(c, "x.zip", new ByteArrayInputStream(zip(files)), Map.of("seed", "8"));
		assertThat(ImageManifest.read(a)).isEqualTo(ImageManifest.read(b));
		assertThat(ImageManifest.read(a)).isNotEqualTo(ImageManifest.read(c));
	}

	@Test
	void labelsFromFolderNamesInATarGz() throws IOException {
		byte[] archive = tarGz(Map.of("data/cat/a.jpg", this.red, "data/cat/b.jpg", this.red, "data/dog/c.png",
				this.blue, "loose.jpg", this.red));
		Map<String, Object> report = importer(limits()).importInto(this.directory, "pets.tar.gz",
				new ByteArrayInputStream(archive), Map.of("labels", "folder", "validPct", "0"));
		assertThat(report.get("classes")).isEqualTo(List.of("cat", "dog"));
		assertThat(report).containsEntry("images", 3).containsEntry("skippedCount", 1);
	}

	@Test
	void corruptAndUnlabelledImagesAreSkippedWithReasons() throws IOException {
		byte[] truncated = java.util.Arrays.copyOf(this.red, 30);
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		files.put("pug_1.jpg", this.red);
		files.put("pug_2.jpg", truncated);
		files.put("pug_3.jpg", this.red);
		files.put("no-number.jpg", this.red);
		Map<String, Object> report = importer(limits()).importInto(this.directory, "x.zip",
				new ByteArrayInputStream(zip(files)), Map.of());
		assertThat(report).containsEntry("images", 2).containsEntry("skippedCount", 2);
		@SuppressWarnings("unchecked")
		List<Map<String, String>> skipped = (List<Map<String, String>>) report.get("skipped");
		assertThat(skipped).extracting((s) -> s.get("file")).containsExactlyInAnyOrder("pug_2.jpg", "no-number.jpg");
		assertThat(skipped).allSatisfy((s) -> assertThat(s.get("reason")).isNotBlank());
	}

	@Test
	void rejectsZipEntriesOutsideTheTarget() throws IOException {
		byte[] archive = zip(Map.of("pug_1.jpg", this.red, "../../etc/pug_2.jpg", this.red));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, "evil.zip",
					new ByteArrayInputStream(archive), Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("../../etc/pug_2.jpg").contains("zip slip");
				assertThat(ex.details()).containsEntry("entry", "../../etc/pug_2.jpg");
			});
		assertThat(this.directory.getParent().resolve("etc")).doesNotExist();
	}

	@Test
	void rejectsAbsolutePathsAndLinksInTars() throws IOException {
		ByteArrayOutputStream absolute = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(absolute)) {
			add(tar, "/tmp/pug_1.jpg", this.red);
		}
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, "a.tar",
					new ByteArrayInputStream(absolute.toByteArray()), Map.of()))
			.withMessageContaining("/tmp/pug_1.jpg");
		ByteArrayOutputStream linked = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(linked)) {
			TarArchiveEntry link = new TarArchiveEntry("pug_1.jpg", TarArchiveEntry.LF_SYMLINK);
			link.setLinkName("/etc/passwd");
			tar.putArchiveEntry(link);
			tar.closeArchiveEntry();
		}
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, "l.tar",
					new ByteArrayInputStream(linked.toByteArray()), Map.of()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("pug_1.jpg").contains("link"));
	}

	@Test
	void refusesAZipBombByTheBytesItExpandsTo() throws IOException {
		byte[] zeros = new byte[3 * 1024 * 1024];
		byte[] archive = zip(Map.of("pug_1.jpg", zeros));
		assertThat(archive.length).isLessThan(64 * 1024);
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> importer(new Limits(1000, DataSize.ofMegabytes(1), DataSize.ofMegabytes(10)))
				.importInto(this.directory, "bomb.zip", new ByteArrayInputStream(archive), Map.of()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("pug_1.jpg").contains("max-archive-bytes"));
	}

	@Test
	void refusesMoreFilesThanAllowed() throws IOException {
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		for (int i = 1; i <= 6; i++) {
			files.put("pug_" + i + ".jpg", this.red);
		}
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> importer(new Limits(5, DataSize.ofMegabytes(10), DataSize.ofMegabytes(10)))
				.importInto(this.directory, "many.zip", new ByteArrayInputStream(zip(files)), Map.of()))
			.withMessageContaining("pug_6.jpg");
	}

	@Test
	void refusesAPixelBombNamingTheEntry() throws IOException {
		byte[] archive = zip(Map.of("pug_1.png", TestImages.pngDeclaring(60_000, 60_000)));
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, "bomb.zip",
					new ByteArrayInputStream(archive), Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("pug_1.png").contains("60000 x 60000");
				assertThat(ex.details()).containsEntry("entry", "pug_1.png");
			});
	}

	@Test
	void aTruncatedArchiveIsABadRequestNamingIt() throws IOException {
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		for (int i = 1; i <= 4; i++) {
			files.put("pug_" + i + ".png", TestImages.png(TestImages.gradient(64, 64)));
		}
		byte[] tarGz = tarGz(files);
		byte[] tar = tar(files);
		byte[] zip = zip(files);
		Map<String, byte[]> cut = new java.util.LinkedHashMap<>();
		cut.put("pets.tar.gz", java.util.Arrays.copyOf(tarGz, tarGz.length / 2));
		cut.put("pets.tgz", java.util.Arrays.copyOf(tarGz, 12));
		cut.put("pets.tar", java.util.Arrays.copyOf(tar, 1024 + 700));
		cut.put("pets.zip", java.util.Arrays.copyOf(zip, zip.length / 2));
		cut.forEach((name, archive) -> assertThatExceptionOfType(InvalidInputException.class).as(name)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, name, new ByteArrayInputStream(archive),
					Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("'" + name + "' is truncated or damaged");
				assertThat(ex.details()).containsEntry("file", name);
			}));
	}

	@Test
	void aTarGzBombIsRefusedByTheBytesItExpandsTo() throws IOException {
		byte[] archive = tarGz(Map.of("pug_1.png", new byte[3 * 1024 * 1024], "pug_2.png", new byte[16]));
		assertThat(archive.length).isLessThan(64 * 1024);
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> importer(new Limits(1000, DataSize.ofMegabytes(100), DataSize.ofMegabytes(1)))
				.importInto(this.directory, "bomb.tar.gz", new ByteArrayInputStream(archive), Map.of()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("pug_1.png").contains("max-image-bytes"));
	}

	@Test
	void refusesWhatIsNotAnArchiveAndBadOptions() {
		assertThatExceptionOfType(UnsupportedFormatException.class).isThrownBy(() -> importer(limits())
			.importInto(this.directory, "pets.zip", new ByteArrayInputStream("plain text".getBytes()), Map.of()));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, "pets.zip",
					new ByteArrayInputStream(new byte[0]), Map.of("labelPattern", "no-group")))
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("field", "labelPattern"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importer(limits()).importInto(this.directory, "pets.zip",
					new ByteArrayInputStream(new byte[0]), Map.of("validPct", "2")))
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("field", "validPct"));
	}

	@Test
	void acceptsArchivesByNameOrType() {
		ImageArchiveImporter importer = importer(limits());
		assertThat(importer.accepts("pets.tgz", null)).isTrue();
		assertThat(importer.accepts("upload", "application/zip")).isTrue();
		assertThat(importer.accepts("sales.csv", "text/csv")).isFalse();
	}

	private record Limits(int entries, DataSize bytes, DataSize entryBytes) {

	}

	private static Limits limits() {
		return new Limits(1000, DataSize.ofMegabytes(50), DataSize.ofMegabytes(10));
	}

	private static ImageArchiveImporter importer(Limits limits) {
		return new ImageArchiveImporter(
				new VisionProperties(limits.entries(), limits.bytes(), limits.entryBytes(), 10_000_000, 1, 2, 16),
				new DecodeSlots(TestImages.uploadLimits()));
	}

	static byte[] zip(Map<String, byte[]> files) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
				zip.putArchiveEntry(entry);
				zip.write(file.getValue());
				zip.closeArchiveEntry();
			}
		}
		return out.toByteArray();
	}

	private static byte[] tar(Map<String, byte[]> files) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				add(tar, file.getKey(), file.getValue());
			}
		}
		return out.toByteArray();
	}

	private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				add(tar, file.getKey(), file.getValue());
			}
		}
		return out.toByteArray();
	}

	private static void add(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name, true);
		entry.setSize(data.length);
		tar.putArchiveEntry(entry);
		tar.write(data);
		tar.closeArchiveEntry();
	}

}
