package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.models.store.ModelStore;
import dev.lantern.models.store.ModelStoreProperties;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pretrained weights store on H2 in PostgreSQL mode with the project's migrations:
 * files are validated completely before anything is stored, then kept in the model store
 * and registered.
 */
class PretrainedWeightsStoreTests {

	@TempDir
	Path storeDirectory;

	private PretrainedWeightsStore weights;

	/** The database the store runs on: H2 in PostgreSQL mode, as in the other tests. */
	DataSource dataSource() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		dataSource.setUser("sa");
		return dataSource;
	}

	@BeforeEach
	void migrate() {
		this.weights = store(WeightsFixtures.defaults());
	}

	private PretrainedWeightsStore store(WeightsProperties limits) {
		DataSource dataSource = dataSource();
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		return new PretrainedWeightsStore(JdbcClient.create(dataSource), JsonMapper.builder().build(),
				new ModelStore(new ModelStoreProperties(this.storeDirectory)), WeightsFixtures.files(limits), limits,
				java.util.List.of());
	}

	@Test
	void importsACheckpointListsReadsAndDeletesIt() throws Exception {
		Path file = WeightsFixtures.path("basic.pth");
		PretrainedWeightsInfo info = importFixture("basic.pth", null);
		assertThat(info.architecture()).isEqualTo("resnet18");
		assertThat(info.baseWidth()).isEqualTo(4);
		assertThat(info.format()).isEqualTo("pytorch");
		assertThat(info.dtype()).isEqualTo("F32");
		assertThat(info.fileName()).isEqualTo("basic.pth");
		assertThat(info.sha256()).isEqualTo(sha256(file));
		assertThat(info.bytes()).isEqualTo(Files.size(file));
		StateDict read = WeightsFixtures.read("basic.pth");
		assertThat(info.ignoredTensors()).hasSize(20 + 2).contains("fc.weight", "fc.bias", "bn1.num_batches_tracked");
		assertThat(info.parameters())
			.isEqualTo(read.elements() - read.get("fc.weight").elements() - read.get("fc.bias").elements() - 20);
		Path stored = this.storeDirectory.resolve("pretrained/" + info.id() + "/weights.pth");
		assertThat(stored).hasSameBinaryContentAs(file);

		assertThat(this.weights.list()).containsExactly(info);
		assertThat(this.weights.get(info.id())).isEqualTo(info);
		assertThat(this.weights.read(info.id()).get("layer1.0.conv1.weight").values())
			.isEqualTo(read.get("layer1.0.conv1.weight").values());

		this.weights.delete(info.id());
		assertThat(this.weights.list()).isEmpty();
		assertThat(stored.getParent()).doesNotExist();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.weights.get(info.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.weights.delete(info.id()));
	}

	@Test
	void importsSafetensorsAndTheBottleneckNet() throws IOException {
		PretrainedWeightsInfo bf16 = importFixture("basic-bf16.safetensors", "resnet18");
		assertThat(bf16.format()).isEqualTo("safetensors");
		assertThat(bf16.dtype()).isEqualTo("BF16");
		assertThat(this.storeDirectory.resolve("pretrained/" + bf16.id() + "/weights.safetensors")).exists();
		PretrainedWeightsInfo resnet50 = importFixture("bottleneck.pth", null);
		assertThat(resnet50.architecture()).isEqualTo("resnet50");
		assertThat(resnet50.baseWidth()).isEqualTo(2);
		assertThat(this.weights.list()).extracting(PretrainedWeightsInfo::id).containsExactly(resnet50.id(), bf16.id());
	}

	@Test
	void storesNothingForWeightsOfAnotherArchitecture() throws IOException {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importFixture("basic.safetensors", "resnet34"))
			.withMessage("The weights have no tensor 'layer1.2.conv1.weight', which resnet34 at base width 4 needs "
					+ "with shape [4, 4, 3, 3]");
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importFixture("basic.safetensors", "resnet152"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("architecture"));
		Path resnet101 = HandMadeFiles.safetensors(this.storeDirectory.resolve("r101.safetensors"),
				TorchvisionResNetMappingTests
					.synthetic(new ResNetLayout(ResNetLayout.Block.BOTTLENECK, List.of(3, 4, 23, 3), 1)));
		try (InputStream in = Files.newInputStream(resnet101)) {
			assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> this.weights.importFile(in, "r101.safetensors", null))
				.withMessageContaining("r101.safetensors holds resnet101 at base width 1; Lantern builds resnet18, "
						+ "resnet34, resnet50");
		}
		assertNothingStored();
	}

	@Test
	void storesNothingForHostileOrOversizedFiles() throws IOException {
		long uploadsBefore = temporaryUploads();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> importFixture("hostile-reduce.pth", null))
			.withMessageContaining("'posix.system'");
		assertThat(temporaryUploads()).isEqualTo(uploadsBefore);
		WeightsProperties small = new WeightsProperties(DataSize.ofKilobytes(100), 10_000, 100_000_000L, 200_000_000L,
				DataSize.ofMegabytes(16), 2_000_000, 32, 1_000_000);
		this.weights = store(small);
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> importFixture("basic.pth", null))
			.withMessageContaining("lantern.vision.weights.max-file-size");
		assertThat(temporaryUploads()).isEqualTo(uploadsBefore);
		assertNothingStored();
	}

	@Test
	void refusesTheSameFileTwice() throws IOException {
		PretrainedWeightsInfo first = importFixture("basic.pth", null);
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> importFixture("basic.pth", "resnet18"))
			.withMessageContaining("were imported already as " + first.id());
		assertThat(this.weights.list()).hasSize(1);
	}

	@Test
	void keepsOnlyTheFileNameOfAnUpload() {
		assertThat(PretrainedWeightsStore.displayName("C:\\Users\\me\\resnet34-b627a593.pth"))
			.isEqualTo("resnet34-b627a593.pth");
		assertThat(PretrainedWeightsStore.displayName("../../etc/passwd")).isEqualTo("passwd");
		assertThat(PretrainedWeightsStore.displayName("a\u0000b\nc.pth")).isEqualTo("abc.pth");
		assertThat(PretrainedWeightsStore.displayName(null)).isEqualTo("weights");
		assertThat(PretrainedWeightsStore.displayName("x".repeat(1000))).hasSize(200);
	}

	private PretrainedWeightsInfo importFixture(String name, String architecture) throws IOException {
		try (InputStream in = Files.newInputStream(WeightsFixtures.path(name))) {
			return this.weights.importFile(in, name, architecture);
		}
	}

	private void assertNothingStored() throws IOException {
		assertThat(this.weights.list()).isEmpty();
		Path pretrained = this.storeDirectory.resolve("pretrained");
		if (Files.exists(pretrained)) {
			try (Stream<Path> files = Files.walk(pretrained)) {
				assertThat(files.filter(Files::isRegularFile)).isEmpty();
			}
		}
	}

	private static long temporaryUploads() throws IOException {
		try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return files.filter((path) -> path.getFileName().toString().startsWith("lantern-weights-")).count();
		}
	}

	private static String sha256(Path file) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
	}

}
