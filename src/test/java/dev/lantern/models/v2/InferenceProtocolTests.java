package dev.lantern.models.v2;

import org.junit.jupiter.api.Test;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.runtime.InferenceRuntime;
import dev.lantern.models.tiny.ScoreOperation;
import dev.lantern.models.tiny.TinyModelKind;
import dev.lantern.models.tiny.TinyModelTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TinyModelTest
class InferenceProtocolTests {

	private static final String TWO_ROWS = """
			{"id": "r1", "inputs": [{"name": "features", "shape": [2, 4], "datatype": "FP32",
			  "data": [[0.5, -1, 2, 0.25], [1, 2, 3, 4]]}]}""";

	@Autowired
	MockMvc mvc;

	@Autowired
	ModelPublisher publisher;

	@Autowired
	Inference inference;

	@Autowired
	InferenceRuntime runtime;

	@Autowired
	ScoreOperation score;

	@Test
	void theServerIsLiveAndReadyAndDescribesItself() throws Exception {
		this.mvc.perform(get("/v2/health/live")).andExpect(status().isOk()).andExpect(jsonPath("$.live").value(true));
		this.mvc.perform(get("/v2/health/ready")).andExpect(status().isOk()).andExpect(jsonPath("$.ready").value(true));
		this.mvc.perform(get("/v2"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("lantern"))
			.andExpect(jsonPath("$.extensions").isArray());
	}

	@Test
	void modelMetadataComesFromTheKindsAdapter() throws Exception {
		this.publisher.publish(TinyModelKind.version("described", 1));
		this.publisher.publish(TinyModelKind.version("described", 2));
		this.mvc.perform(get("/v2/models/described"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("described"))
			.andExpect(jsonPath("$.versions[0]").value("1"))
			.andExpect(jsonPath("$.platform").value("deeplearning4j_tiny"))
			.andExpect(jsonPath("$.inputs[0].name").value("features"))
			.andExpect(jsonPath("$.inputs[0].datatype").value("FP32"))
			.andExpect(jsonPath("$.inputs[0].shape[0]").value(-1))
			.andExpect(jsonPath("$.outputs[2].datatype").value("BYTES"));
		this.mvc.perform(get("/v2/models/described/versions/2"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.versions[0]").value("2"));
	}

	@Test
	void askingWhetherAModelIsReadyLoadsIt() throws Exception {
		this.publisher.publish(TinyModelKind.version("warmed", 1));
		assertThat(this.runtime.isLoaded("warmed", 1)).isFalse();
		this.mvc.perform(get("/v2/models/warmed/ready"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.ready").value(true));
		assertThat(this.runtime.isLoaded("warmed", 1)).isTrue();
		this.mvc.perform(get("/v2/models/warmed/versions/1/ready")).andExpect(status().isOk());
		this.mvc.perform(get("/v2/models/warmed/versions/3/ready")).andExpect(status().isNotFound());
	}

	@Test
	void inferenceReturnsFp32Int64AndBytesOutputs() throws Exception {
		this.publisher.publish(TinyModelKind.version("served", 3));
		float[] expected = this.inference.run("served", null, this.score, new float[] { 1, 2, 3, 4 });
		int best = 0;
		for (int c = 0; c < expected.length; c++) {
			best = (expected[c] > expected[best]) ? c : best;
		}
		infer("/v2/models/served/infer", TWO_ROWS).andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.model_name").value("served"))
			.andExpect(jsonPath("$.model_version").value("1"))
			.andExpect(jsonPath("$.id").value("r1"))
			.andExpect(jsonPath("$.outputs[0].name").value("scores"))
			.andExpect(jsonPath("$.outputs[0].datatype").value("FP32"))
			.andExpect(jsonPath("$.outputs[0].shape[0]").value(2))
			.andExpect(jsonPath("$.outputs[0].shape[1]").value(3))
			.andExpect(jsonPath("$.outputs[0].data.length()").value(6))
			.andExpect(jsonPath("$.outputs[0].data[3]").value(closeTo(expected[0], 1e-6)))
			.andExpect(jsonPath("$.outputs[0].data[5]").value(closeTo(expected[2], 1e-6)))
			.andExpect(jsonPath("$.outputs[1].datatype").value("INT64"))
			.andExpect(jsonPath("$.outputs[1].data[1]").value(best))
			.andExpect(jsonPath("$.outputs[2].datatype").value("BYTES"))
			.andExpect(jsonPath("$.outputs[2].data[1]").value(TinyModelKind.LABELS.get(best)));
	}

	@Test
	void integerInputsAndChosenOutputsAndVersionsWork() throws Exception {
		this.publisher.publish(TinyModelKind.version("chosen", 4));
		this.publisher.publish(TinyModelKind.version("chosen", 5));
		float[] second = this.inference.run("chosen", 2, this.score, new float[] { 1, 2, 3, 4 });
		infer("/v2/models/chosen/versions/2/infer", """
				{"inputs": [{"name": "features", "shape": [1, 4], "datatype": "INT64", "data": [1, 2, 3, 4]}],
				 "outputs": [{"name": "scores"}]}""").andExpect(status().isOk())
			.andExpect(jsonPath("$.model_version").value("2"))
			.andExpect(jsonPath("$.outputs.length()").value(1))
			.andExpect(jsonPath("$.outputs[0].data[1]").value(closeTo(second[1], 1e-6)));
	}

	@Test
	void inferenceNeedsNoApiKeyButErrorsCarryTheProtocolsErrorMember() throws Exception {
		this.publisher.publish(TinyModelKind.version("strict", 6));
		problem(infer("/v2/models/strict/infer", """
				{"inputs": [{"name": "features", "shape": [2, 4], "datatype": "FP32", "data": [1, 2, 3]}]}"""), 400,
				"'features' has 3 elements but its shape [2, 4] needs 8")
			.andExpect(jsonPath("$.tensor").value("features"));
		problem(infer("/v2/models/strict/infer", """
				{"inputs": [{"name": "features", "shape": [1, 4], "datatype": "FP16", "data": [1, 2, 3, 4]}]}"""), 400,
				"FP32, INT64 and BYTES");
		problem(infer("/v2/models/strict/infer", """
				{"inputs": [{"name": "features", "shape": [1, 4], "datatype": "INT64", "data": [1, 2.5, 3, 4]}]}"""),
				400, "non-integer");
		problem(infer("/v2/models/strict/infer", """
				{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}"""), 400,
				"shape [n, 4]");
		problem(infer("/v2/models/strict/infer", """
				{"inputs": [{"name": "features", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}],
				 "outputs": [{"name": "logits"}]}"""), 400, "no output 'logits'");
		problem(infer("/v2/models/strict/infer", "{\"inputs\": [}"), 400, "not valid JSON");
		problem(infer("/v2/models/missing/infer", TWO_ROWS), 404, "missing");
		problem(infer("/v2/models/strict/versions/latest/infer", TWO_ROWS), 400, "'latest'");
	}

	private ResultActions infer(String path, String body) throws Exception {
		return this.mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private static ResultActions problem(ResultActions result, int status, String detail) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.detail").value(containsString(detail)))
			.andExpect(jsonPath("$.error").value(containsString(detail)));
	}

}
