package dev.lantern.models.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ModelStoreTests {

	@TempDir
	Path root;

	@Test
	void writesArtifactUnderItsName() throws IOException {
		ModelStore store = new ModelStore(new ModelStoreProperties(this.root));
		Path written = store.write("sales/1/model.zip", (out) -> out.write("weights".getBytes(StandardCharsets.UTF_8)));
		assertThat(written).isEqualTo(this.root.resolve("sales/1/model.zip"));
		assertThat(Files.readString(written)).isEqualTo("weights");
		assertThat(store.exists("sales/1/model.zip")).isTrue();
	}

	@Test
	void failedWriteLeavesNeitherPartNorDamage() throws IOException {
		ModelStore store = new ModelStore(new ModelStoreProperties(this.root));
		store.write("sales/1/model.zip", (out) -> out.write("old".getBytes(StandardCharsets.UTF_8)));
		assertThatIOException().isThrownBy(() -> store.write("sales/1/model.zip", (out) -> {
			out.write("half of the new".getBytes(StandardCharsets.UTF_8));
			throw new IOException("disk full");
		}));
		assertThat(Files.readString(this.root.resolve("sales/1/model.zip"))).isEqualTo("old");
		assertThat(filesUnder(this.root.resolve("sales/1"))).containsExactly("model.zip");
	}

	@Test
	void sweepsTemporaryFilesOfACrashedWrite() throws IOException {
		Path leftover = this.root.resolve("sales/2/.model.zip" + ModelStore.TEMP_MARKER + "x");
		Files.createDirectories(leftover.getParent());
		Files.writeString(leftover, "half");
		new ModelStore(new ModelStoreProperties(this.root));
		assertThat(leftover).doesNotExist();
	}

	@Test
	void refusesPathsOutsideTheStore() {
		ModelStore store = new ModelStore(new ModelStoreProperties(this.root));
		assertThatIllegalArgumentException().isThrownBy(() -> store.resolve("../elsewhere/model.zip"));
		assertThatIllegalArgumentException().isThrownBy(() -> store.resolve("/etc/passwd"));
		assertThatIllegalArgumentException().isThrownBy(() -> store.resolve("."));
	}

	@Test
	void deletesWholeVersionDirectories() throws IOException {
		ModelStore store = new ModelStore(new ModelStoreProperties(this.root));
		store.write("sales/3/model.zip", (out) -> out.write(1));
		store.write("sales/3/procs.json", (out) -> out.write(2));
		store.delete("sales/3");
		assertThat(this.root.resolve("sales/3")).doesNotExist();
		store.delete("sales/3");
	}

	private static Stream<String> filesUnder(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map((file) -> file.getFileName().toString()).toList().stream();
		}
	}

}
