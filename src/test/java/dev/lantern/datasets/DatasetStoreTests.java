package dev.lantern.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.LanternProperties;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The dataset store on H2 in PostgreSQL mode with the project's migrations: a dataset
 * becomes visible only once its files are complete.
 */
class DatasetStoreTests {

	@TempDir
	Path dataDir;

	private JdbcClient jdbc;

	private DatasetStore store;

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
		DataSource dataSource = dataSource();
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = JdbcClient.create(dataSource);
		this.store = new DatasetStore(this.jdbc, JsonMapper.builder().build(), new LanternProperties(this.dataDir));
	}

	@Test
	void createsADatasetWithItsFilesAndReport() throws IOException {
		Dataset dataset = this.store.create("sales", "tabular", (directory) -> {
			Files.writeString(directory.resolve("a.csv"), "x\n1\n");
			return Map.of("rows", 1);
		});
		assertThat(this.store.get(dataset.id())).isEqualTo(dataset);
		assertThat(this.store.directory(dataset.id()).resolve("a.csv")).hasContent("x\n1");
		assertThat(this.store.list()).extracting(DatasetStore.DatasetSummary::id).containsExactly(dataset.id());
	}

	@Test
	void aFailedWriterLeavesNeitherRowNorFiles() throws IOException {
		assertThatIOException().isThrownBy(() -> this.store.create("broken", "tabular", (directory) -> {
			Files.writeString(directory.resolve("half.csv"), "x\n");
			throw new IOException("disk full");
		}));
		assertThat(this.store.list()).isEmpty();
		try (var entries = Files.list(this.dataDir.resolve("datasets"))) {
			assertThat(entries).isEmpty();
		}
	}

	@Test
	void aRefusedImportLeavesNothingBehind() throws IOException {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.store.create("bad", "tabular", (directory) -> {
				throw new InvalidInputException("bad.csv is empty");
			}));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM datasets").query(Integer.class).single()).isZero();
		try (var entries = Files.list(this.dataDir.resolve("datasets"))) {
			assertThat(entries).isEmpty();
		}
	}

	@Test
	void deletesRowAndFiles() throws IOException {
		Dataset dataset = this.store.create("sales", "tabular", (directory) -> Map.of());
		Path directory = this.store.directory(dataset.id());
		this.store.delete(dataset.id());
		assertThat(directory).doesNotExist();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.store.get(dataset.id()))
			.withMessage("No dataset '" + dataset.id() + "'");
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.store.delete(dataset.id()));
	}

	@Test
	void anUnknownIdNeverResolvesToADirectory() {
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.store.directory("../../etc"));
	}

	@Test
	void removesIncompleteDatasetsLeftByACrash() throws IOException {
		Path leftover = Files.createDirectories(this.dataDir.resolve("datasets").resolve(".incoming-crashed"));
		Files.writeString(leftover.resolve("part.csv"), "x");
		new DatasetStore(this.jdbc, JsonMapper.builder().build(), new LanternProperties(this.dataDir));
		assertThat(leftover).doesNotExist();
	}

}
