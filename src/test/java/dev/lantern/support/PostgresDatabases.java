package dev.lantern.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where PostgreSQL integration tests get their database: a Testcontainers PostgreSQL
 * where Docker runs, otherwise the machine's own server (by default 127.0.0.1:5432,
 * database {@code test}, user {@code postgres}; override with
 * {@code LANTERN_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}). Every call of
 * {@link #newSchema()} gives a fresh, empty schema, so tests never see each other's rows.
 * On the machine's own server the schemas are dropped when the test JVM exits.
 */
public final class PostgresDatabases {

	private static final String LOCAL_URL = env("LANTERN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String LOCAL_USER = env("LANTERN_TEST_POSTGRES_USER", "postgres");

	private static final String LOCAL_PASSWORD = env("LANTERN_TEST_POSTGRES_PASSWORD", "");

	private static Boolean docker;

	private static PostgreSQLContainer container;

	private static final Set<String> localSchemas = ConcurrentHashMap.newKeySet();

	private static boolean dropAtExit;

	private PostgresDatabases() {
	}

	/** Whether Docker runs here, so that Testcontainers can start PostgreSQL. */
	public static synchronized boolean dockerAvailable() {
		if (docker == null) {
			try {
				docker = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				docker = false;
			}
		}
		return docker;
	}

	/** The shared Testcontainers PostgreSQL, started on first use. */
	public static synchronized PostgreSQLContainer container() {
		if (container == null) {
			container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
		}
		return container;
	}

	/** Why PostgreSQL is not reachable, or null when it is. */
	public static String unavailableReason() {
		if (dockerAvailable()) {
			return null;
		}
		try (Connection connection = DriverManager.getConnection(LOCAL_URL, LOCAL_USER, LOCAL_PASSWORD)) {
			return null;
		}
		catch (SQLException ex) {
			return "no Docker for Testcontainers and no PostgreSQL at " + LOCAL_URL + " (" + ex.getMessage() + ")";
		}
	}

	/**
	 * Creates an empty schema and returns the coordinates of a connection that uses it.
	 */
	public static Coordinates newSchema() {
		String schema = "lantern_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Coordinates server = dockerAvailable()
				? new Coordinates(container().getJdbcUrl(), container().getUsername(), container().getPassword())
				: new Coordinates(LOCAL_URL, LOCAL_USER, LOCAL_PASSWORD);
		try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create schema " + schema + " at " + server.url(), ex);
		}
		if (!dockerAvailable()) {
			dropAtExit(schema);
		}
		String separator = server.url().contains("?") ? "&" : "?";
		return new Coordinates(server.url() + separator + "currentSchema=" + schema, server.username(),
				server.password());
	}

	private static synchronized void dropAtExit(String schema) {
		localSchemas.add(schema);
		if (!dropAtExit) {
			dropAtExit = true;
			Runtime.getRuntime().addShutdownHook(new Thread(PostgresDatabases::dropLocalSchemas, "drop-test-schemas"));
		}
	}

	/**
	 * Drops the schemas this JVM created on the local server. Connection pools may still
	 * be closing: a schema whose tables are locked is left after a short wait rather than
	 * holding up the exit.
	 */
	private static void dropLocalSchemas() {
		try (Connection connection = DriverManager.getConnection(LOCAL_URL, LOCAL_USER, LOCAL_PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("SET lock_timeout = '3s'");
			for (String schema : localSchemas) {
				try {
					statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
				}
				catch (SQLException ex) {
					// Left for a later cleanup: the run's results do not depend on it.
				}
			}
		}
		catch (SQLException ex) {
			// The server went away first: nothing to drop.
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/**
	 * A JDBC URL with its credentials.
	 *
	 * @param url the JDBC URL
	 * @param username the user
	 * @param password the password
	 */
	public record Coordinates(String url, String username, String password) {

		/** The coordinates as Spring Boot properties. */
		public String[] asProperties() {
			return new String[] { "spring.datasource.url=" + this.url, "spring.datasource.username=" + this.username,
					"spring.datasource.password=" + this.password };
		}

	}

}
