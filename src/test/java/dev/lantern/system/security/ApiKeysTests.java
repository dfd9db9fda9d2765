package dev.lantern.system.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.system.LanternProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiKeysTests {

	@TempDir
	Path dir;

	@Test
	void acceptsConfiguredAndMountedKeysOnly() throws Exception {
		Path file = Files.writeString(this.dir.resolve("keys"), "from-file-1\nfrom-file-2, from-file-3\n");
		ApiKeys keys = ApiKeys.load(properties(List.of(" listed "), file, false), lantern());
		assertThat(keys.accepts("listed")).isTrue();
		assertThat(keys.accepts("from-file-1")).isTrue();
		assertThat(keys.accepts("from-file-3")).isTrue();
		assertThat(keys.accepts("from-file")).isFalse();
		assertThat(keys.accepts("")).isFalse();
	}

	@Test
	void generatesOneKeyAndReusesItAfterRestart() throws Exception {
		ApiKeys first = ApiKeys.load(properties(List.of(), null, true), lantern());
		String stored = Files.readString(this.dir.resolve("api-key")).strip();
		assertThat(stored).hasSize(48);
		assertThat(first.accepts(stored)).isTrue();
		ApiKeys second = ApiKeys.load(properties(List.of(), null, true), lantern());
		assertThat(second.accepts(stored)).isTrue();
		assertThat(Files.readString(this.dir.resolve("api-key")).strip()).isEqualTo(stored);
	}

	@Test
	void withoutKeysAndWithoutGenerationNothingIsAccepted() {
		ApiKeys keys = ApiKeys.load(properties(List.of(), null, false), lantern());
		assertThat(keys.isEmpty()).isTrue();
		assertThat(keys.accepts("anything")).isFalse();
	}

	@Test
	void unreadableKeyFileNamesTheProperty() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ApiKeys.load(properties(List.of(), this.dir.resolve("missing"), false), lantern()))
			.withMessageContaining("lantern.security.api-keys-file");
	}

	private LanternProperties lantern() {
		return new LanternProperties(this.dir);
	}

	private static SecurityProperties properties(List<String> keys, Path file, boolean generate) {
		return new SecurityProperties(keys, file, false, false, generate);
	}

}
