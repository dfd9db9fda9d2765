package dev.lantern.system.backend.onednn;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lantern.system.SystemReportSection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OneDnnSystemReportTests {

	@LocalServerPort
	private int port;

	@Autowired
	private List<SystemReportSection> sections;

	@Test
	@SuppressWarnings("unchecked")
	void startupSwitchesOneDnnOnAndTheSystemReportShowsEachLayerType() {
		assertThat(System.getProperty(OneDnnHelpers.DISABLE_PROPERTY)).isEqualTo("false");
		assertThat(this.sections).extracting(SystemReportSection::name).contains("onednn");

		Map<?, ?> report = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/v1/system")
			.retrieve()
			.body(Map.class);

		Map<?, ?> oneDnn = (Map<?, ?>) ((Map<?, ?>) report.get("sections")).get("onednn");
		assertThat(oneDnn.get("enabled")).isEqualTo(true);
		assertThat(oneDnn.get("applicable")).isEqualTo(true);
		assertThat(oneDnn.get("active")).isEqualTo(true);
		Map<String, ?> layers = (Map<String, ?>) oneDnn.get("layers");
		assertThat(layers.keySet()).containsExactlyInAnyOrder("ConvolutionLayer", "BatchNormalization",
				"SubsamplingLayer");
		assertThat(((Map<?, ?>) layers.get("ConvolutionLayer")).get("helper")).isEqualTo("MKLDNNConvHelper");
		assertThat((Map<String, Object>) oneDnn.get("training")).containsEntry("ConvolutionLayer", "OneDnnConvHelper")
			.containsEntry("BatchNormalization", "OneDnnBatchNormHelper")
			.containsEntry("ActivationLayer (ReLU)", "OneDnnReluLayer");
	}

}
