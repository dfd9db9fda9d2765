package dev.lantern.vision.weights;

import javax.sql.DataSource;

import dev.lantern.support.PostgresDatabases;
import dev.lantern.support.PostgresIntegrationTest;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The pretrained weights store's tests on PostgreSQL, in a fresh schema each.
 */
@PostgresIntegrationTest
class PretrainedWeightsStorePostgresTests extends PretrainedWeightsStoreTests {

	@Override
	DataSource dataSource() {
		PostgresDatabases.Coordinates coordinates = PostgresDatabases.newSchema();
		return new DriverManagerDataSource(coordinates.url(), coordinates.username(), coordinates.password());
	}

}
