package dev.lantern.vision.dataset;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionWebTestConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(DatasetImagesController.class)
@Import(VisionWebTestConfiguration.class)
class DatasetImagesControllerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Datasets datasets;

	@TempDir
	Path directory;

	byte[] catPng;

	@BeforeEach
	void anImageDatasetOfSixImages() throws Exception {
		ImageDatasetBuilder builder = new ImageDatasetBuilder(this.directory);
		this.catPng = TestImages.png(TestImages.solid(8, 8, Color.ORANGE));
		builder.add("cats/cat_1.png", "cat", "png", this.catPng, null);
		for (int i = 2; i <= 3; i++) {
			builder.add("cats/cat_" + i + ".jpg", "cat", "jpg", TestImages.jpeg(TestImages.solid(8, 8, Color.GRAY)),
					null);
		}
		for (int i = 1; i <= 3; i++) {
			builder.add("dogs/dog_" + i + ".jpg", "<b>dog</b>", "jpg",
					TestImages.jpeg(TestImages.solid(8, 8, Color.BLUE)), null);
		}
		builder.finish(0.5, 7);
		given(this.datasets.get("d-1")).willReturn(new Dataset("d-1", "pets", "images", Instant.now(), Map.of()));
		given(this.datasets.directory("d-1")).willReturn(this.directory);
		given(this.datasets.get("t-1")).willReturn(new Dataset("t-1", "sales", "tabular", Instant.now(), Map.of()));
		given(this.datasets.directory("t-1")).willReturn(this.directory);
		given(this.datasets.get("gone")).willThrow(new NotFoundException("dataset", "gone"));
	}

	@Test
	void listsThePageOfImagesWithLabelsSplitsAndNames() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("size", "4"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(6))
			.andExpect(jsonPath("$.items.length()").value(4))
			.andExpect(jsonPath("$.items[0].index").value(0))
			.andExpect(jsonPath("$.items[0].label").value("cat"))
			.andExpect(jsonPath("$.items[0].source").value("cats/cat_1.png"))
			.andExpect(jsonPath("$.items[3].label").value("<b>dog</b>"));
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("size", "4").param("page", "1"))
			.andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.items[1].index").value(5));
	}

	@Test
	void filtersByLabelSplitAndName() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("label", "<b>dog</b>"))
			.andExpect(jsonPath("$.total").value(3));
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("split", "valid"))
			.andExpect(jsonPath("$.total").value(3));
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("source", "dogs/dog_2.jpg"))
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].index").value(4));
	}

	@Test
	void aSeedShufflesTheSameWayEveryTime() throws Exception {
		List<Integer> first = indexes("7");
		assertThat(first).hasSize(6)
			.isNotEqualTo(List.of(0, 1, 2, 3, 4, 5))
			.containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
		assertThat(indexes("7")).isEqualTo(first);
		assertThat(indexes("8")).isNotEqualTo(first);
	}

	@Test
	void servesAnImageAsStoredWithItsMediaType() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/d-1/images/0"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_PNG))
			.andExpect(content().bytes(this.catPng));
		this.mvc.perform(get("/api/v1/datasets/d-1/images/1"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_JPEG));
	}

	@Test
	void anIndexPastTheLastImageIsNotFound() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/d-1/images/6"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/api/v1/datasets/d-1/images/-1")).andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/v1/datasets/gone/images")).andExpect(status().isNotFound());
	}

	@Test
	void boundsArePartOfTheContract() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("size", "201"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("page", "1000001"))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("split", "test"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("split"));
		this.mvc.perform(get("/api/v1/datasets/d-1/images").param("label", "x".repeat(1001)))
			.andExpect(status().isBadRequest());
	}

	@Test
	void aTabularDatasetHasNoImages() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/t-1/images"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("id"));
	}

	private List<Integer> indexes(String seed) throws Exception {
		String body = this.mvc.perform(get("/api/v1/datasets/d-1/images").param("seed", seed))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode items = JSON.readTree(body).get("items");
		return items.valueStream().map((item) -> item.get("index").asInt()).toList();
	}

}
