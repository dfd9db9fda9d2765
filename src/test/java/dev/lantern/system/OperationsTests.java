package dev.lantern.system;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lantern.support.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators and orchestrators rely on: probes, info, metrics, API docs, the system
 * report.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsTests {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void livenessIsUp() {
		var response = this.http.get("/actuator/health/liveness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void readinessCoversDatabaseAndModelStore() {
		var response = this.http.get("/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"db\"").contains("\"modelStore\"").contains("\"status\":\"UP\"");
	}

	@Test
	void infoTellsVersionAndBackend() {
		var response = this.http.get("/actuator/info");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"build\"")
			.contains("\"version\"")
			.contains("\"nd4j\"")
			.contains("\"backend\":\"cpu\"");
	}

	@Test
	void prometheusScrapes() {
		var response = this.http.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void swaggerUiAndApiDocsAreServed() {
		assertThat(this.http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
		var docs = this.http.get("/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).containsPattern("\"title\"\\s*:\\s*\"Lantern\"").contains("/api/v1/system");
	}

	@Test
	void systemReportDescribesBackendAndDevices() {
		var response = this.http.get("/api/v1/system");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"backend\":\"cpu\"")
			.contains("\"devices\":[{\"id\":\"cpu\"")
			.contains("\"nd4jMaxThreads\"")
			.contains("\"deeplearning4j\":\"1.0.0-M2.1\"")
			.contains("\"instances\":[{");
	}

}
