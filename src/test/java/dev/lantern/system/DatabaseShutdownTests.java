package dev.lantern.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On SIGTERM the job queue hands its running jobs back to the queue during the shutdown
 * grace period, which writes to the database. The default H2 database must stay open for
 * that: H2's own shutdown hook, which runs at the same time as Spring's, must not close
 * it.
 */
class DatabaseShutdownTests {

	@TempDir
	Path dataDir;

	@Test
	void theDefaultDatabaseStaysOpenForWritesMadeDuringShutdown() throws Exception {
		String url = defaultUrl().replace("${lantern.data-dir}", this.dataDir.toString());
		assertThat(url).contains("DB_CLOSE_ON_EXIT=FALSE");
		assertThat(writeDuringShutdown(url)).isEqualTo("written");
	}

	@Test
	void withH2sOwnShutdownHookTheSameWriteIsLost() throws Exception {
		String url = defaultUrl().replace("${lantern.data-dir}", this.dataDir.toString())
			.replace("DB_CLOSE_ON_EXIT=FALSE", "DB_CLOSE_ON_EXIT=TRUE");
		assertThat(writeDuringShutdown(url)).startsWith("failed");
	}

	private static String defaultUrl() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yaml"));
		Properties properties = yaml.getObject();
		return properties.getProperty("spring.datasource.url");
	}

	/**
	 * Runs {@link WriteInShutdownHook} in a JVM of its own and returns what it printed.
	 */
	private static String writeDuringShutdown(String url) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
				WriteInShutdownHook.class.getName(), url))
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return output.lines()
			.filter((line) -> line.startsWith("written") || line.startsWith("failed"))
			.findFirst()
			.orElse(output);
	}

	/**
	 * Opens the database, then exits; a shutdown hook writes a row a little later, as the
	 * job queue does when it hands jobs back.
	 */
	public static final class WriteInShutdownHook {

		public static void main(String[] args) throws Exception {
			Connection connection = DriverManager.getConnection(args[0], "sa", "");
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE handed_back (id INT)");
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					Thread.sleep(300);
					try (Statement statement = connection.createStatement()) {
						statement.execute("INSERT INTO handed_back VALUES (1)");
					}
					connection.close();
					System.out.println("written");
				}
				catch (SQLException | InterruptedException ex) {
					System.out.println("failed: " + ex.getMessage());
				}
			}));
			System.exit(0);
		}

	}

}
