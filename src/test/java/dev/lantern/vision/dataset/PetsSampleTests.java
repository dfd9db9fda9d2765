package dev.lantern.vision.dataset;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.vision.VisionWebTestConfiguration;
import dev.lantern.vision.dataset.ImageManifest.Entry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(PetsSampleController.class)
@Import(VisionWebTestConfiguration.class)
class PetsSampleTests {

	@TempDir
	Path directory;

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Datasets datasets;

	@Test
	void generatesOxfordNamedImagesWithTheCueInsideItsBox() throws Exception {
		Map<String, Object> report = SyntheticPets.generate(this.directory,
				new PetsSampleRequest("p", 3, 10, 64, 0.2, 5L));
		assertThat(report).containsEntry("images", 30).containsEntry("valid", 6);
		ImageManifest manifest = ImageManifest.read(this.directory);
		assertThat(manifest.labels()).containsExactly("Abyssinian", "Bengal", "beagle");
		for (Entry entry : manifest.entries()) {
			assertThat(entry.source()).matches(LabelRuleOxford.PATTERN).startsWith(entry.label() + "_");
			BufferedImage image = ImageIO.read(this.directory.resolve(entry.path()).toFile());
			ImageManifest.Box box = entry.box();
			assertThat(box.x()).isBetween(0, 64 - box.width());
			assertThat(box.y()).isBetween(0, 64 - box.height());
			// The cue is saturated; the background and distractors are near grey.
			assertThat(saturation(image, box.x() + box.width() / 2, box.y() + box.height() / 2)).isGreaterThan(0.5f);
			assertThat(saturatedShareOutside(image, box)).isLessThan(0.01);
		}
	}

	@Test
	void theSameSeedGivesTheSameImages() throws Exception {
		Path a = Files.createDirectory(this.directory.resolve("a"));
		Path b = Files.createDirectory(this.directory.resolve("b"));
		SyntheticPets.generate(a, new PetsSampleRequest("p", 2, 3, 32, 0.2, 9L));
		SyntheticPets.generate(b, new PetsSampleRequest("p", 2, 3, 32, 0.2, 9L));
		assertThat(Files.readAllBytes(a.resolve("images/beagle_2.jpg")))
			.isEqualTo(Files.readAllBytes(b.resolve("images/beagle_2.jpg")));
	}

	@Test
	void theEndpointCreatesAnImagesDatasetWithAKey() throws Exception {
		given(this.datasets.create(eq("tiny-pets"), eq("images"), any())).willAnswer((call) -> {
			Datasets.DatasetWriter writer = call.getArgument(2);
			return new Dataset("d1", "tiny-pets", "images", Instant.now(), writer.writeInto(this.directory));
		});
		this.mvc
			.perform(post("/api/v1/datasets/samples/pets").header("Authorization", "Bearer test-key")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"tiny-pets\",\"classes\":2,\"imagesPerClass\":5,\"size\":32}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.kind").value("images"))
			.andExpect(jsonPath("$.report.images").value(10))
			.andExpect(jsonPath("$.report.classes[0]").value("Abyssinian"));
		assertThat(ImageManifest.read(this.directory).entries()).hasSize(10);
	}

	@Test
	void theEndpointNeedsAKeyAndValidSettings() throws Exception {
		this.mvc.perform(post("/api/v1/datasets/samples/pets").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isUnauthorized());
		this.mvc
			.perform(post("/api/v1/datasets/samples/pets").header("Authorization", "Bearer test-key")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"classes\":99}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("classes"));
	}

	private static float saturation(BufferedImage image, int x, int y) {
		Color c = new Color(image.getRGB(x, y));
		return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[1];
	}

	/** The share of strongly coloured pixels away from the box (JPEG bleeds a little). */
	private static double saturatedShareOutside(BufferedImage image, ImageManifest.Box box) {
		int outside = 0;
		int saturated = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				boolean near = x >= box.x() - 4 && x < box.x() + box.width() + 4 && y >= box.y() - 4
						&& y < box.y() + box.height() + 4;
				if (!near) {
					outside++;
					if (saturation(image, x, y) > 0.5f) {
						saturated++;
					}
				}
			}
		}
		return (double) saturated / Math.max(1, outside);
	}

	private static final class LabelRuleOxford {

		static final String PATTERN = "^(.+)_\\d+\\.(jpe?g|png)$";

	}

}
