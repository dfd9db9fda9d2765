package dev.lantern.tabular.rossmann;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.security.WebSliceSecurity;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.closeTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Rossmann sample endpoint and its limits, with the dataset store replaced by a
 * writer into a temporary directory.
 */
@WebMvcTest(RossmannSampleController.class)
@Import(WebSliceSecurity.class)
class RossmannSampleControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Datasets datasets;

	@TempDir
	Path directory;

	@Test
	void generatesARossmannSample() throws Exception {
		given(this.datasets.create(anyString(), eq("tabular"), any())).willAnswer((invocation) -> {
			Datasets.DatasetWriter writer = invocation.getArgument(2);
			return new Dataset("s-1", invocation.getArgument(0), "tabular", Instant.now(),
					writer.writeInto(this.directory));
		});
		this.mvc
			.perform(post("/api/v1/datasets/samples/rossmann?stores=5&days=40&sigma=0.2&seed=1").header("Authorization",
					"Bearer test-key"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.report.rows").value(200))
			.andExpect(jsonPath("$.report.rmspeFloor").value(closeTo(Math.sqrt(1 - Math.exp(-0.04)), 1e-12),
					Double.class));
		this.mvc
			.perform(post("/api/v1/datasets/samples/rossmann?stores=5000&days=3650").header("Authorization",
					"Bearer test-key"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("stores"));
		this.mvc.perform(post("/api/v1/datasets/samples/rossmann?days=2").header("Authorization", "Bearer test-key"))
			.andExpect(status().isBadRequest());
	}

}
