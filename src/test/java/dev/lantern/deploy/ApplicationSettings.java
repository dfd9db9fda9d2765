package dev.lantern.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of src/main/resources/application.yaml that the Docker images and the Helm
 * chart must agree with.
 */
final class ApplicationSettings {

	static final Path FILE = Path.of("src", "main", "resources", "application.yaml");

	private final Map<String, Object> yaml;

	private ApplicationSettings(Map<String, Object> yaml) {
		this.yaml = yaml;
	}

	static ApplicationSettings load() throws IOException {
		try (Reader reader = Files.newBufferedReader(FILE)) {
			return new ApplicationSettings(new Yaml().load(reader));
		}
	}

	int serverPort() {
		return ((Number) get("server.port")).intValue();
	}

	Duration shutdownPhaseTimeout() {
		return DurationStyle.detectAndParse(String.valueOf(get("spring.lifecycle.timeout-per-shutdown-phase")));
	}

	/** The liveness probe's path, which Actuator serves only with probes enabled. */
	String livenessPath() {
		assertThat(get("management.endpoint.health.probes.enabled")).as("health probes enabled").isEqualTo(true);
		return actuatorBasePath() + "/health/liveness";
	}

	String readinessPath() {
		assertThat(get("management.endpoint.health.probes.enabled")).as("health probes enabled").isEqualTo(true);
		return actuatorBasePath() + "/health/readiness";
	}

	/**
	 * The Prometheus scrape path, which Actuator serves only when the endpoint is
	 * exposed.
	 */
	String prometheusPath() {
		String include = String.valueOf(get("management.endpoints.web.exposure.include"));
		assertThat(List.of(include.split("\\s*,\\s*"))).as("exposed actuator endpoints").contains("prometheus");
		return actuatorBasePath() + "/prometheus";
	}

	private String actuatorBasePath() {
		Object basePath = get("management.endpoints.web.base-path");
		return (basePath != null) ? basePath.toString() : "/actuator";
	}

	@SuppressWarnings("unchecked")
	private Object get(String dottedKey) {
		Object node = this.yaml;
		for (String key : dottedKey.split("\\.")) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = ((Map<String, Object>) map).get(key);
		}
		return node;
	}

}
