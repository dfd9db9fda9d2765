package dev.lantern.support;

import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Points a test's application context at PostgreSQL: Testcontainers with
 * {@code @ServiceConnection} where Docker runs, the machine's own server otherwise. Each
 * context gets its own schema on the local server.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

	@TestConfiguration(proxyBeanMethods = false)
	@Conditional(DockerAvailable.class)
	static class Containerized {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgres() {
			return new PostgreSQLContainer("postgres:16-alpine");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@Conditional(DockerUnavailable.class)
	static class Local {

		@Bean
		JdbcConnectionDetails localPostgres() {
			PostgresDatabases.Coordinates coordinates = PostgresDatabases.newSchema();
			return new JdbcConnectionDetails() {
				@Override
				public String getUsername() {
					return coordinates.username();
				}

				@Override
				public String getPassword() {
					return coordinates.password();
				}

				@Override
				public String getJdbcUrl() {
					return coordinates.url();
				}
			};
		}

	}

	static class DockerAvailable implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return PostgresDatabases.dockerAvailable();
		}

	}

	static class DockerUnavailable implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !PostgresDatabases.dockerAvailable();
		}

	}

}
