package dev.lantern.vision.serve;

import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionWebTestConfiguration;
import dev.lantern.vision.interpret.Interpretation;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(controllers = { ClassifyController.class, InterpretationController.class })
@Import({ VisionWebTestConfiguration.class, ClassifyOperation.class, InterpretationOperation.class })
class VisionControllerTests {

	private static final List<String> LABELS = List.of("Abyssinian", "beagle", "pug");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Inference inference;

	final List<ClassifyInput> received = new ArrayList<>();

	@BeforeEach
	void vision() {
		// As the runtime does: a version of another kind than asked for is refused.
		given(this.inference.resolve(any(), any(), any())).willAnswer((call) -> {
			ModelVersionInfo info = "sales".equals(call.getArgument(0)) ? info("sales", "tabular")
					: info("pets", "vision");
			if (!info.kind().equals(call.getArgument(2))) {
				throw InvalidInputException.field("model",
						"Model '" + info.name() + "' is a " + info.kind() + " model, not a " + call.getArgument(2));
			}
			return info;
		});
		given(this.inference.runAll(eq("pets"), eq(3), any(ClassifyOperation.class), anyList())).willAnswer((call) -> {
			List<ClassifyInput> inputs = call.getArgument(3);
			this.received.addAll(inputs);
			return inputs.stream()
				.map((input) -> new ClassProbabilities(LABELS, new float[] { 0.2f, 0.7f, 0.1f }))
				.toList();
		});
	}

	@Test
	void classifiesSeveralMultipartImagesWithTopK() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/models/pets/classify").file(png("file", "a.png"))
				.file(new MockMultipartFile("file", "b.jpg", "image/jpeg",
						TestImages.jpeg(TestImages.solid(30, 20, Color.RED))))
				.param("topK", "2"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.model").value("pets"))
			.andExpect(jsonPath("$.version").value(3))
			.andExpect(jsonPath("$.results[0].file").value("a.png"))
			.andExpect(jsonPath("$.results[1].file").value("b.jpg"))
			.andExpect(jsonPath("$.results[0].predictions.length()").value(2))
			.andExpect(jsonPath("$.results[0].predictions[0].label").value("beagle"))
			.andExpect(jsonPath("$.results[0].predictions[1].label").value("Abyssinian"));
		assertThat(this.received).hasSize(2);
		assertThat(this.received.get(1).image().getWidth()).isEqualTo(30);
	}

	@Test
	void classifiesARawImageBodyWithoutAKey() throws Exception {
		this.mvc
			.perform(post("/api/v1/models/pets/versions/3/classify").contentType(MediaType.IMAGE_PNG)
				.content(TestImages.png(TestImages.solid(16, 16, Color.BLUE))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.results[0].file").value("body"))
			.andExpect(jsonPath("$.results[0].predictions.length()").value(3));
	}

	@Test
	void anUnreadableFileIsABadRequestNamingIt() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/models/pets/classify").file(png("file", "ok.png"))
				.file(new MockMultipartFile("file", "broken.jpg", "image/jpeg", new byte[] { 1, 2, 3 })))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.file").value("broken.jpg"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("broken.jpg")));
		verify(this.inference, never()).runAll(any(), any(), any(), anyList());
	}

	@Test
	void moreImagesThanAllowedAre413NamingTheLimit() throws Exception {
		var request = multipart("/api/v1/models/pets/classify");
		for (int i = 0; i < 33; i++) {
			request.file(png("file", "pet-" + i + ".png"));
		}
		this.mvc.perform(request)
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail")
				.value(org.hamcrest.Matchers.containsString("lantern.vision.uploads.max-images")));
		verify(this.inference, never()).runAll(any(), any(), any(), anyList());
	}

	@Test
	void aFloodOfLargeImagesIs413BeforeAnyIsDecoded() throws Exception {
		// 12 x 36 megapixels: each under max-image-pixels, together over the 400 a
		// request
		// may hold
		byte[] large = TestImages.blackPng(6000, 6000);
		var request = multipart("/api/v1/models/pets/classify");
		for (int i = 0; i < 12; i++) {
			request.file(new MockMultipartFile("file", "flood-" + i + ".png", "image/png", large));
		}
		this.mvc.perform(request)
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.file").value("flood-11.png"))
			.andExpect(jsonPath("$.detail")
				.value(org.hamcrest.Matchers.containsString("lantern.vision.uploads.max-request-source-pixels")));
		verify(this.inference, never()).runAll(any(), any(), any(), anyList());
	}

	@Test
	void aLargeImageReachesTheModelDecodedNearItsInputSize() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/models/pets/classify")
				.file(new MockMultipartFile("file", "large.png", "image/png", TestImages.blackPng(6000, 4000))))
			.andExpect(status().isOk());
		// the version's input is 32 pixels: decoded with its shorter side at least 64
		assertThat(this.received).singleElement().satisfies((input) -> {
			assertThat(input.image().getHeight()).isBetween(64, 127);
			assertThat(input.image().getWidth()).isLessThan(200);
		});
	}

	@Test
	void aPixelBombIsRefusedWith413() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/models/pets/classify")
				.file(new MockMultipartFile("file", "bomb.png", "image/png", TestImages.pngDeclaring(90_000, 90_000))))
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.file").value("bomb.png"));
	}

	@Test
	void aTabularModelDoesNotClassify() throws Exception {
		this.mvc.perform(multipart("/api/v1/models/sales/classify").file(png("file", "a.png")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("tabular")));
	}

	@Test
	void thePngOfATabularModelIsAProblemNotAnImage() throws Exception {
		this.mvc.perform(get("/api/v1/models/sales/interpretation/confusion-matrix.png"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aRequestWithoutImagesNamesTheField() throws Exception {
		this.mvc.perform(multipart("/api/v1/models/pets/classify").param("topK", "1"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("file"));
	}

	@Test
	void servesTheInterpretationAsJsonAndPng() throws Exception {
		Interpretation.Builder builder = new Interpretation.Builder(LABELS);
		builder.add("pug_1.jpg", 2, new float[] { 0.1f, 0.6f, 0.3f });
		builder.add("beagle_1.jpg", 1, new float[] { 0.1f, 0.8f, 0.1f });
		Interpretation interpretation = builder.build();
		given(this.inference.run(eq("pets"), eq(3), any(InterpretationOperation.class), any()))
			.willReturn(interpretation);
		this.mvc.perform(get("/api/v1/models/pets/versions/3/interpretation"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.errorRate").value(0.5))
			.andExpect(jsonPath("$.mostConfused[0].actual").value("pug"))
			.andExpect(jsonPath("$.mostConfused[0].predicted").value("beagle"))
			.andExpect(jsonPath("$.topLosses[0].file").value("pug_1.jpg"))
			.andExpect(jsonPath("$.confusion[2][1]").value(1));
		byte[] png = this.mvc.perform(get("/api/v1/models/pets/interpretation/confusion-matrix.png"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_PNG))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isGreaterThan(100);
	}

	private static MockMultipartFile png(String part, String name) {
		return new MockMultipartFile(part, name, "image/png", TestImages.png(TestImages.solid(20, 20, Color.GREEN)));
	}

	private static ModelVersionInfo info(String name, String kind) {
		return new ModelVersionInfo(name, 3, kind, true, null, false, Map.of("imageSize", 32), LABELS, Map.of(),
				Instant.now());
	}

}
