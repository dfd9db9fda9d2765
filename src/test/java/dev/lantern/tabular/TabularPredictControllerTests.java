package dev.lantern.tabular;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lantern.datasets.DatasetProperties;
import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.Operation;
import dev.lantern.system.security.WebSliceSecurity;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The predict and summary endpoints over a real small model, with the inference runtime
 * replaced by a direct call on that model.
 */
@WebMvcTest({ TabularPredictController.class, TabularSummaryController.class })
@Import({ TabularPredictions.class, WebSliceSecurity.class, TabularPredictControllerTests.Presets.class })
class TabularPredictControllerTests {

	private static final String RECORD = """
			{"Store": 1, "Date": "2015-03-16", "Promo": 1, "StateHoliday": "0", "SchoolHoliday": 0}""";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Inference inference;

	private final TabularTestModel fixture = TabularTestModel.get();

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ TabularProperties.class, DatasetProperties.class })
	static class Presets {

		@Bean
		TabularPresets tabularPresets(TabularProperties properties) {
			return TabularTestModel.presets(properties);
		}

	}

	@BeforeEach
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void inferenceRunsTheFixtureModel() {
		ModelVersionInfo info = new ModelVersionInfo(
				"sales", 1, "tabular", true, null, false, TabularTestModel.JSON
					.convertValue(this.fixture.schema.describe(this.fixture.result.procs()), Map.class),
				List.of(), Map.of(), Instant.now());
		given(this.inference.resolve(eq("sales"), any(), eq("tabular"))).willReturn(info);
		given(this.inference.resolve(eq("sales"), isNull(), eq("tabular"))).willReturn(info);
		given(this.inference.runAll(eq("sales"), eq(1), any(Operation.class), anyList())).willAnswer((invocation) -> {
			Operation operation = invocation.getArgument(2);
			return operation.apply(this.fixture.model, invocation.getArgument(3));
		});
		given(this.inference.run(eq("sales"), eq(1), any(Operation.class), any())).willAnswer((invocation) -> {
			Operation operation = invocation.getArgument(2);
			Object input = invocation.getArgument(3);
			return ((List) operation.apply(this.fixture.model, List.of(input))).get(0);
		});
	}

	@Test
	void predictsJsonRecordsWithoutAnApiKey() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD + ", " + RECORD.replace("\"Store\": 1", "\"Store\": 2") + "]}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.model").value("sales"))
			.andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.target").value("Sales"))
			.andExpect(jsonPath("$.predictions", hasSize(2)))
			.andExpect(jsonPath("$.predictions[0].prediction").value(greaterThan(0.0)))
			.andExpect(jsonPath("$.predictions[0].unseen", hasSize(0)));
	}

	@Test
	void predictsTheSameAsTheModelDoes() throws Exception {
		Frame frame = RawColumns.fromInputSchema(this.fixture.schema.describe())
			.fromRecords(List.of(TabularTestModel.JSON.readValue(RECORD, Map.class)));
		double expected = this.fixture.model.predict(frame).get(0).prediction();
		this.mvc
			.perform(post("/api/v1/models/sales/versions/1/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD + "]}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.predictions[0].prediction").value(closeTo(expected, 1e-9), Double.class));
	}

	@Test
	void flagsAnUnseenStore() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD.replace("\"Store\": 1", "\"Store\": 4242") + "]}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.predictions[0].unseen[0]").value("Store"));
	}

	@Test
	void aMissingFieldIsA400NamingTheRecordAndTheField() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD + ", " + RECORD.replace("\"Promo\": 1, ", "") + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.record").value(1))
			.andExpect(jsonPath("$.field").value("Promo"))
			.andExpect(jsonPath("$.detail").value("Record 1, field 'Promo': the field is required"));
	}

	@Test
	void aWronglyTypedFieldIsA400NamingTheRecordAndTheField() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD.replace("\"Promo\": 1", "\"Promo\": \"yes\"") + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.record").value(0))
			.andExpect(jsonPath("$.field").value("Promo"))
			.andExpect(jsonPath("$.detail").value(containsString("expected a number")));
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD.replace("2015-03-16", "20/04/2015") + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("Date"))
			.andExpect(jsonPath("$.detail").value(containsString("is not an ISO date")));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "\"Promo\": 1|\"Promo\": 1e308|Promo|outside float range",
					"\"Promo\": 1|\"Promo\": 2000000|Promo|outside the range",
					"\"Promo\": 1|\"Promo\": 1e309|Promo|not a finite number",
					"\"Promo\": 1|\"Promo\": -3.5e38|Promo|outside float range",
					"\"Store\": 1|\"Store\": 1.5|Store|not a category",
					"\"Store\": 1|\"Store\": 1e309|Store|not a finite number",
					"\"Store\": 1|\"Store\": 1e20|Store|not a category",
					"\"Store\": 1|\"Store\": true|Store|expected an integral number",
					"\"StateHoliday\": \"0\"|\"StateHoliday\": true|StateHoliday|expected text or an integral number",
					"\"StateHoliday\": \"0\"|\"StateHoliday\": 0.5|StateHoliday|not a category",
					"2015-03-16|0001-01-01|Date|outside the dates accepted",
					"2015-03-16|9999-12-31|Date|outside the dates accepted" })
	void aValueThatDoesNotFitItsColumnIsA400NamingRecordAndField(String original, String replacement, String field,
			String reason) throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD + ", " + RECORD.replace(original, replacement) + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.record").value(1))
			.andExpect(jsonPath("$.field").value(field))
			.andExpect(jsonPath("$.detail").value(containsString("Record 1, field '" + field + "'")))
			.andExpect(jsonPath("$.detail").value(containsString(reason)));
	}

	@Test
	void integralCategoriesWrittenAsNumbersAreRead() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD.replace("\"Store\": 1", "\"Store\": 1.0")
					.replace("\"StateHoliday\": \"0\"", "\"StateHoliday\": 0") + "]}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.predictions[0].unseen", hasSize(0)));
	}

	@Test
	void theInputSchemaGivesTheRangeOfContinuousColumns() {
		Map<String, Object> schema = this.fixture.schema.describe(this.fixture.result.procs());
		@SuppressWarnings("unchecked")
		Map<String, Object> promo = (Map<String, Object>) ((Map<String, Object>) schema.get("columns")).get("Promo");
		org.assertj.core.api.Assertions.assertThat((double) promo.get("min")).isLessThan(-9e5).isGreaterThan(-2e6);
		org.assertj.core.api.Assertions.assertThat((double) promo.get("max")).isGreaterThan(9e5).isLessThan(2e6);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "1,2015-03-16,1e308,0,0|Promo|outside float range",
					"1,2015-03-16,-2e6,0,0|Promo|outside the range", "1,2015-03-16,1e309,0,0|Promo|is not a number",
					"1.5,2015-03-16,1,0,0|Store|not a category", "1,1799-12-31,1,0,0|Date|outside the dates accepted" })
	void aCsvValueThatDoesNotFitItsColumnIsA400NamingRecordAndColumn(String row, String column, String reason)
			throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv")
				.accept("text/csv")
				.content("Store,Date,Promo,StateHoliday,SchoolHoliday\n1,2015-03-16,1,0,0\n" + row + "\n"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.record").value(2))
			.andExpect(jsonPath("$.field").value(column))
			.andExpect(jsonPath("$.detail").value(containsString("record 2, column '" + column + "'")))
			.andExpect(jsonPath("$.detail").value(containsString(reason)));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aNonFinitePredictionIsAConflictNamingTheRecordNotASuccess() throws Exception {
		given(this.inference.runAll(eq("sales"), eq(1), any(Operation.class), anyList()))
			.willAnswer((invocation) -> ((List<Frame>) invocation.getArgument(3)).stream()
				.map((frame) -> java.util.stream.IntStream.range(0, frame.rows())
					.mapToObj((i) -> new TabularPrediction((i == 1) ? Double.NaN : 1.0, List.of()))
					.toList())
				.toList());
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD + ", " + RECORD + "]}"))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.record").value(1))
			.andExpect(jsonPath("$.detail").value(containsString("non-finite value")));
	}

	@Test
	void aNullRequiredValueIsA400() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType(MediaType.APPLICATION_JSON)
				.content("{\"records\": [" + RECORD.replace("\"Store\": 1", "\"Store\": null") + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("Store"));
	}

	@Test
	void predictsACsvIntoACsv() throws Exception {
		String csv = "Id,Store,DayOfWeek,Date,Open,Promo,StateHoliday,SchoolHoliday\n" + "1,1,1,2015-03-16,1,1,0,0\n"
				+ "2,4242,1,2015-03-16,1,1,0,0\n";
		String body = this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv").accept("text/csv").content(csv))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<String> lines = body.lines().toList();
		assertThatLines(lines);
	}

	private static void assertThatLines(List<String> lines) {
		org.assertj.core.api.Assertions.assertThat(lines).hasSize(3);
		org.assertj.core.api.Assertions.assertThat(lines.get(0))
			.isEqualTo("Id,Store,DayOfWeek,Date,Open,Promo,StateHoliday,SchoolHoliday,prediction,unseen");
		org.assertj.core.api.Assertions.assertThat(lines.get(1)).startsWith("1,1,1,2015-03-16,1,1,0,0,").endsWith(",");
		org.assertj.core.api.Assertions.assertThat(lines.get(2)).endsWith(",Store");
	}

	@Test
	void aCsvLackingAColumnIsA400NamingIt() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv")
				.accept("text/csv")
				.content("Store,Date,StateHoliday,SchoolHoliday\n1,2015-03-16,0,0\n"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.missingColumns[0]").value("Promo"));
	}

	@Test
	void aCsvWithAnUnparsableNumberIsA400NamingRecordAndColumn() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv")
				.accept("text/csv")
				.content("Store,Date,Promo,StateHoliday,SchoolHoliday\n1,2015-03-16,1,0,0\n2,2015-03-16,1.x,0,0\n"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.record").value(2))
			.andExpect(jsonPath("$.field").value("Promo"))
			.andExpect(jsonPath("$.detail").value(containsString("'1.x' is not a number")));
	}

	@Test
	void anEmptyCsvIsA400() throws Exception {
		this.mvc.perform(post("/api/v1/models/sales/predict").contentType("text/csv").accept("text/csv").content(""))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aCsvWithQuotedCommasIsRead() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv")
				.accept("text/csv")
				.content("Note,Store,Date,Promo,StateHoliday,SchoolHoliday\n\"a, b\",1,2015-03-16,1,0,0\n"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("\"a, b\",1,2015-03-16,1,0,0,")));
	}

	@Test
	void aCsvIsDecodedInItsDeclaredCharsetAndUndecodableBytesAreA400NamingTheLine() throws Exception {
		byte[] latin1 = "Note,Store,Date,Promo,StateHoliday,SchoolHoliday\nM\u00fcller,1,2015-03-16,1,0,0\n"
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		byte[] body = this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv; charset=ISO-8859-1")
				.accept("text/csv")
				.content(latin1))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		org.assertj.core.api.Assertions.assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
			.contains("M\u00fcller,1,2015-03-16");
		this.mvc
			.perform(post("/api/v1/models/sales/predict").contentType("text/csv").accept("text/csv").content(latin1))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.line").value(2))
			.andExpect(jsonPath("$.detail").value(containsString("not valid UTF-8")));
	}

	@Test
	void summaryListsLayersAndEmbeddings() throws Exception {
		this.mvc.perform(get("/api/v1/models/sales/versions/1/summary"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalParameters").value(this.fixture.result.graph().numParams()))
			.andExpect(jsonPath("$.embeddings[0].column").value("Store"))
			.andExpect(jsonPath("$.embeddings[0].size").value(9))
			.andExpect(jsonPath("$.layers[0].outputShape[1]").isNumber());
	}

}
