package dev.lantern.vision.heatmap;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionWebTestConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The heatmap endpoints with the inference runtime mocked: content negotiation, the
 * settings' validation and the PNG's geometry. The heat itself is tested on real models
 * in {@link HeatmapEndToEndTests} and {@link HeatmapComputerTests}.
 */
@WebMvcTest(HeatmapController.class)
@Import({ VisionWebTestConfiguration.class, HeatmapService.class, HeatmapOperation.class })
class HeatmapControllerTests {

	private static final List<String> LABELS = List.of("Abyssinian", "beagle", "pug");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Inference inference;

	private final List<HeatmapInput> received = new ArrayList<>();

	private final byte[] image = TestImages.jpeg(TestImages.solid(60, 40, Color.ORANGE));

	@BeforeEach
	void visionModel() {
		given(this.inference.resolve(eq("pets"), any(), eq("vision"))).willReturn(new ModelVersionInfo("pets", 3,
				"vision", true, null, false, Map.of("imageSize", 32), LABELS, Map.of(), Instant.now()));
		given(this.inference.run(eq("pets"), eq(3), any(HeatmapOperation.class), any())).willAnswer((call) -> {
			HeatmapInput input = call.getArgument(3);
			this.received.add(input);
			int target = (input.classIndex() != null) ? input.classIndex() : 1;
			return new Heatmap(new float[][] { { 0, 1 }, { 2, 3 } }, target, new float[] { 0.2f, 0.7f, 0.1f });
		});
	}

	@Test
	void answersAPngAtTheModelsSizeUnlessTheClientPrefersJson() throws Exception {
		for (String accept : new String[] { null, "*/*", "image/png", "image/png, application/json;q=0.5" }) {
			var request = post("/api/v1/models/pets/heatmap").contentType(MediaType.IMAGE_JPEG).content(this.image);
			if (accept != null) {
				request.header("Accept", accept);
			}
			byte[] png = this.mvc.perform(request)
				.andExpect(status().isOk())
				.andExpect(content().contentType(MediaType.IMAGE_PNG))
				.andExpect(header().string("Lantern-Class", "beagle"))
				.andReturn()
				.getResponse()
				.getContentAsByteArray();
			BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(png));
			assertThat(overlay.getWidth()).as(String.valueOf(accept)).isEqualTo(32);
			assertThat(overlay.getHeight()).isEqualTo(32);
		}
	}

	@Test
	void answersTheGridWhenTheClientPrefersJson() throws Exception {
		for (String accept : new String[] { "application/json", "application/json, image/png;q=0.2" }) {
			this.mvc
				.perform(multipart("/api/v1/models/pets/versions/3/heatmap")
					.file(new MockMultipartFile("file", "cat.jpg", "image/jpeg", this.image))
					.param("method", "mean")
					.param("topK", "2")
					.header("Accept", accept))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
				.andExpect(jsonPath("$.model").value("pets"))
				.andExpect(jsonPath("$.version").value(3))
				.andExpect(jsonPath("$.method").value("mean"))
				.andExpect(jsonPath("$.classLabel").value("beagle"))
				.andExpect(jsonPath("$.height").value(2))
				.andExpect(jsonPath("$.grid[1][0]").value(2.0))
				.andExpect(jsonPath("$.top.length()").value(2))
				.andExpect(jsonPath("$.top[0].label").value("beagle"))
				.andExpect(jsonPath("$.top[1].label").value("Abyssinian"));
		}
		assertThat(this.received).extracting(HeatmapInput::method).containsOnly(HeatmapMethod.MEAN);
	}

	@Test
	void labelsReachTheClassHeaderAsAsciiThatDecodesBack() {
		String label = "Münsterländer <dog> 1";
		String value = HeatmapController.headerValue(label);
		assertThat(value).matches("[\\x21-\\x7e]+");
		assertThat(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(label);
		assertThat(HeatmapController.headerValue("pug")).isEqualTo("pug");
	}

	@Test
	void aPngOfTheRequestedSizeForTheRequestedClass() throws Exception {
		byte[] png = this.mvc
			.perform(post("/api/v1/models/pets/heatmap").param("size", "48")
				.param("class", "pug")
				.param("colormap", "JET")
				.param("alpha", "0.3")
				.contentType(MediaType.IMAGE_JPEG)
				.content(this.image))
			.andExpect(status().isOk())
			.andExpect(header().string("Lantern-Class", "pug"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();

		assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(48);
		assertThat(this.received.get(0).classIndex()).isEqualTo(2);
		assertThat(this.received.get(0).method()).isEqualTo(HeatmapMethod.GRADCAM);
	}

	@Test
	void badSettingsAreBadRequestsNamingTheSetting() throws Exception {
		String[][] cases = { { "alpha", "NaN" }, { "alpha", "Infinity" }, { "alpha", "2" }, { "alpha", "-0.1" },
				{ "size", "4" }, { "size", "4096" }, { "topK", "0" }, { "method", "saliency" },
				{ "colormap", "rainbow" }, { "alpha", "opaque" } };
		for (String[] setting : cases) {
			this.mvc
				.perform(post("/api/v1/models/pets/heatmap").param(setting[0], setting[1])
					.header("Accept", "application/json")
					.contentType(MediaType.IMAGE_JPEG)
					.content(this.image))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].field").value(setting[0]));
		}
		verify(this.inference, never()).run(any(), any(), any(), any());
	}

	@Test
	void aClassTheModelDoesNotHaveIsABadRequestBeforeAnyWork() throws Exception {
		for (String wanted : new String[] { "no-such-breed", "7" }) {
			this.mvc
				.perform(post("/api/v1/models/pets/heatmap").param("class", wanted)
					.contentType(MediaType.IMAGE_JPEG)
					.content(this.image))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.field").value("class"))
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(wanted)));
		}
		verify(this.inference, never()).run(any(), any(), any(), any());
	}

	@Test
	void anUnreadableUploadIsNamedByItsFile() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/models/pets/heatmap")
				.file(new MockMultipartFile("file", "broken.jpg", "image/jpeg", new byte[] { 1, 2, 3 })))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.file").value("broken.jpg"));
		this.mvc
			.perform(multipart("/api/v1/models/pets/heatmap")
				.file(new MockMultipartFile("file", "", "image/jpeg", new byte[] { 1, 2, 3 })))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.file").value("file"));
	}

}
