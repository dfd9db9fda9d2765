package dev.lantern.datasets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.security.WebSliceSecurity;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(DatasetController.class)
@Import({ CsvImporter.class, WebSliceSecurity.class, DatasetControllerTests.Properties.class })
class DatasetControllerTests {

	private static final String AUTHORIZATION = "Bearer test-key";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	DatasetStore store;

	@TempDir
	Path directory;

	@BeforeEach
	void storeWritesIntoATemporaryDirectory() throws Exception {
		given(this.store.create(anyString(), anyString(), any())).willAnswer((invocation) -> {
			Datasets.DatasetWriter writer = invocation.getArgument(2);
			Map<String, Object> report = writer.writeInto(this.directory);
			return new Dataset("d-1", invocation.getArgument(0), invocation.getArgument(1), Instant.now(), report);
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DatasetProperties.class)
	static class Properties {

	}

	@Test
	void uploadsACsvAndReturnsItsProfile() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "sales.csv", "text/csv",
				"Store,Sales\n1,5263\n2,6064\n1,\n".getBytes(StandardCharsets.UTF_8));
		this.mvc.perform(multipart("/api/v1/datasets").file(file).header("Authorization", AUTHORIZATION))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/datasets/d-1"))
			.andExpect(jsonPath("$.kind").value("tabular"))
			.andExpect(jsonPath("$.name").value("sales.csv"))
			.andExpect(jsonPath("$.report.rows").value(3))
			.andExpect(jsonPath("$.report.columns[0].name").value("Store"))
			.andExpect(jsonPath("$.report.columns[0].probablyCategorical").value(true))
			.andExpect(jsonPath("$.report.columns[1].missing").value(1));
	}

	@Test
	void takesTheEncodingFromThePartsCharset() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "names.csv", "text/csv; charset=ISO-8859-1",
				"Name,Sales\nM\u00fcller,5\n".getBytes(StandardCharsets.ISO_8859_1));
		this.mvc.perform(multipart("/api/v1/datasets").file(file).header("Authorization", AUTHORIZATION))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.report.encoding").value("ISO-8859-1"))
			.andExpect(jsonPath("$.report.columns[0].samples[0]").value("M\u00fcller"));
		MockMultipartFile undeclared = new MockMultipartFile("file", "names.csv", "text/csv",
				"Name,Sales\nM\u00fcller,5\n".getBytes(StandardCharsets.ISO_8859_1));
		this.mvc.perform(multipart("/api/v1/datasets").file(undeclared).header("Authorization", AUTHORIZATION))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.line").value(2))
			.andExpect(jsonPath("$.field").value("charset"));
	}

	@Test
	void aHeaderWiderThanTheColumnCapIsA413NamingIt() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "wide.csv", "text/csv",
				(String.join(",", java.util.stream.IntStream.range(0, 1001).mapToObj((i) -> "c" + i).toList()) + "\n"
						+ "1,".repeat(1000) + "1\n")
					.getBytes(StandardCharsets.UTF_8));
		this.mvc.perform(multipart("/api/v1/datasets").file(file).header("Authorization", AUTHORIZATION))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("lantern.datasets.max-columns")))
			.andExpect(jsonPath("$.limit").value(1000));
	}

	@Test
	void pagesTheColumnProfile() throws Exception {
		List<Map<String, Object>> columns = java.util.stream.IntStream.range(0, 250)
			.mapToObj((i) -> Map.<String, Object>of("name", "c" + i))
			.toList();
		given(this.store.get("d-1"))
			.willReturn(new Dataset("d-1", "wide", "tabular", Instant.now(), Map.of("rows", 3, "columns", columns)));
		this.mvc.perform(get("/api/v1/datasets/d-1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.report.columnCount").value(250))
			.andExpect(jsonPath("$.report.columns.length()").value(100))
			.andExpect(jsonPath("$.report.columns[0].name").value("c0"));
		this.mvc.perform(get("/api/v1/datasets/d-1?columnOffset=240&columnLimit=20"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.report.columnOffset").value(240))
			.andExpect(jsonPath("$.report.columns.length()").value(10))
			.andExpect(jsonPath("$.report.columns[0].name").value("c240"));
		this.mvc.perform(get("/api/v1/datasets/d-1?columnLimit=1001"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("columnLimit")));
		this.mvc.perform(get("/api/v1/datasets/d-1?columnOffset=-1"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("columnOffset")));
	}

	@Test
	void refusesABadCsvWithAProblemNamingFileAndRecord() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "bad.csv", "text/csv",
				"a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8));
		this.mvc.perform(multipart("/api/v1/datasets").file(file).header("Authorization", AUTHORIZATION))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("bad.csv, record 2: has 1 fields but the header has 2 columns"))
			.andExpect(jsonPath("$.file").value("bad.csv"))
			.andExpect(jsonPath("$.record").value(2));
	}

	@Test
	void refusesAnEmptyUpload() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "empty.csv", "text/csv", new byte[0]);
		this.mvc.perform(multipart("/api/v1/datasets").file(file).header("Authorization", AUTHORIZATION))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.field").value("file"));
	}

	@Test
	void refusesAnUploadNoImporterReadsWith415() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "model.bin", "application/octet-stream",
				new byte[] { 1, 2, 3 });
		this.mvc.perform(multipart("/api/v1/datasets").file(file).header("Authorization", AUTHORIZATION))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void refusesAnUploadWithoutAnApiKey() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "sales.csv", "text/csv",
				"a\n1\n".getBytes(StandardCharsets.UTF_8));
		this.mvc.perform(multipart("/api/v1/datasets").file(file)).andExpect(status().isUnauthorized());
	}

	@Test
	void listsAndGetsDatasets() throws Exception {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		given(this.store.list()).willReturn(List.of(new DatasetStore.DatasetSummary("d-1", "a", "tabular", now)));
		given(this.store.get("d-1")).willReturn(new Dataset("d-1", "a", "tabular", now, Map.of("rows", 3)));
		this.mvc.perform(get("/api/v1/datasets"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value("d-1"));
		this.mvc.perform(get("/api/v1/datasets/d-1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.report.rows").value(3));
	}

	@Test
	void deletingAnUnknownDatasetIs404() throws Exception {
		willThrow(new NotFoundException("dataset", "nope")).given(this.store).delete("nope");
		this.mvc.perform(delete("/api/v1/datasets/nope").header("Authorization", AUTHORIZATION))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

}
