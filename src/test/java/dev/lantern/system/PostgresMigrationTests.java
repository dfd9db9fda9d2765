package dev.lantern.system;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.lantern.support.PostgresIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations run on PostgreSQL, as in production, and the instance registers there.
 */
@PostgresIntegrationTest
@SpringBootTest
class PostgresMigrationTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Instances instances;

	@Test
	void runsOnPostgres() throws Exception {
		try (var connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
		}
	}

	@Test
	void everyMigrationSucceeded() {
		var failed = this.jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")
			.query(Integer.class)
			.single();
		var applied = this.jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history").query(Integer.class).single();
		assertThat(failed).isZero();
		assertThat(applied).isPositive();
	}

	@Test
	void instanceRegistersWithHeartbeat() {
		assertThat(this.instances.live()).extracting(Instances.Instance::id).contains(this.instances.self());
		assertThat(this.instances.isLive(this.instances.self())).isTrue();
		assertThat(this.instances.isLive("someone-else")).isFalse();
	}

}
