package dev.lantern.system.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The committed {@code openapi.yaml} is the contract: it must be exactly what the service
 * serves. After an intended API change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiContractTests -Dlantern.openapi.write=true} and review
 * the diff.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiContractTests {

	private static final Path CONTRACT = Path.of("openapi.yaml");

	@Autowired
	MockMvc mvc;

	@Test
	void committedContractMatchesServedDocument() throws Exception {
		String served = this.mvc.perform(get("/v3/api-docs.yaml"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		if (Boolean.getBoolean("lantern.openapi.write")) {
			Files.writeString(CONTRACT, served, StandardCharsets.UTF_8);
		}
		assertThat(served).contains("openapi:").contains("/api/v1/system");
		String committed = Files.exists(CONTRACT) ? Files.readString(CONTRACT, StandardCharsets.UTF_8) : "";
		assertThat(normalize(served))
			.as("openapi.yaml differs from the served document; regenerate it with "
					+ "./mvnw test -Dtest=OpenApiContractTests -Dlantern.openapi.write=true")
			.isEqualTo(normalize(committed));
	}

	private static String normalize(String yaml) {
		return yaml.replace("\r\n", "\n").strip();
	}

}
