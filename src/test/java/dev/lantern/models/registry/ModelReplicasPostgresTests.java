package dev.lantern.models.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.LanternApplication;
import dev.lantern.models.Inference;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.tiny.ScoreOperation;
import dev.lantern.models.tiny.TinyModelKind;
import dev.lantern.support.PostgresDatabases;
import dev.lantern.support.PostgresIntegrationTest;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one PostgreSQL database and one model store, as in a Kubernetes
 * deployment.
 */
@PostgresIntegrationTest
class ModelReplicasPostgresTests {

	@TempDir
	static Path store;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startReplicas() {
		PostgresDatabases.Coordinates database = PostgresDatabases.newSchema();
		first = replica("replica-a", database);
		second = replica("replica-b", database);
	}

	@AfterAll
	static void stopReplicas() {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	@Test
	void aDefaultVersionSwitchedOnOneReplicaIsServedByTheOther() throws Exception {
		ModelPublisher publisher = first.getBean(ModelPublisher.class);
		publisher.publish(TinyModelKind.version("shared", 1));
		publisher.publish(TinyModelKind.version("shared", 2));
		Inference other = second.getBean(Inference.class);
		ScoreOperation score = second.getBean(ScoreOperation.class);
		float[] input = { 0.5f, -1, 2, 0.25f };
		float[] versionOne = other.run("shared", 1, score, input);
		float[] versionTwo = other.run("shared", 2, score, input);
		assertThat(versionOne).isNotEqualTo(versionTwo);
		assertThat(other.run("shared", null, score, input)).containsExactly(versionOne);

		HttpResponse<String> switched = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(baseUrl(first) + "/api/v1/models/shared/default-version"))
				.header("Authorization", "Bearer test-key")
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"version\": 2}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(switched.statusCode()).isEqualTo(200);

		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		float[] served = other.run("shared", null, score, input);
		while (!java.util.Arrays.equals(served, versionTwo) && System.nanoTime() < until) {
			Thread.sleep(100);
			served = other.run("shared", null, score, input);
		}
		assertThat(served).containsExactly(versionTwo);
		assertThat(other.resolve("shared", null).version()).isEqualTo(2);
	}

	@Test
	void publishersOnBothReplicasGetDistinctVersionNumbers() throws Exception {
		ExecutorService publishers = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> versions = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				ModelPublisher publisher = ((i % 2 == 0) ? first : second).getBean(ModelPublisher.class);
				long seed = i;
				versions.add(publishers.submit(() -> {
					start.await();
					return publisher.publish(TinyModelKind.version("raced", seed)).version();
				}));
			}
			start.countDown();
			Set<Integer> numbers = new TreeSet<>();
			for (Future<Integer> version : versions) {
				numbers.add(version.get(60, TimeUnit.SECONDS));
			}
			assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
		}
		finally {
			publishers.shutdownNow();
		}
		assertThat(first.getBean(JdbcClient.class)
			.sql("SELECT COUNT(*) FROM model_versions WHERE name = 'raced'")
			.query(Integer.class)
			.single()).isEqualTo(8);
		try (Stream<Path> directories = Files.list(store.resolve("raced"))) {
			assertThat(directories.map((path) -> path.getFileName().toString())).containsExactlyInAnyOrder("1", "2",
					"3", "4", "5", "6", "7", "8");
		}
		assertThat(second.getBean(ModelRegistry.class).get("raced").defaultVersion()).isNotNull();
	}

	private static ConfigurableApplicationContext replica(String id, PostgresDatabases.Coordinates database) {
		List<String> arguments = new ArrayList<>();
		for (String property : database.asProperties()) {
			arguments.add("--" + property);
		}
		arguments.addAll(List.of("--server.port=0", "--lantern.instance.id=" + id,
				"--lantern.model-store.path=" + store.toAbsolutePath(), "--lantern.inference.metadata-ttl=500ms"));
		return new SpringApplicationBuilder(LanternApplication.class, TinyModelKind.class)
			.run(arguments.toArray(String[]::new));
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
