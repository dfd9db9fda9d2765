package dev.lantern.vision.augment;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionWebTestConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(AugmentationController.class)
@Import(VisionWebTestConfiguration.class)
class AugmentationControllerTests {

	@Autowired
	MockMvc mvc;

	private final MockMultipartFile image = new MockMultipartFile("file", "cat.jpg", "image/jpeg",
			TestImages.jpeg(TestImages.gradient(80, 60)));

	@Test
	void answersAPngGridOfTheRequestedViews() throws Exception {
		byte[] png = this.mvc
			.perform(multipart("/api/v1/vision/augmentations").file(this.image)
				.param("size", "48")
				.param("views", "6")
				.param("columns", "3")
				.param("padding", "zeros"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_PNG))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		BufferedImage grid = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(grid.getWidth()).isEqualTo(3 * 48 + 4 * 4);
		assertThat(grid.getHeight()).isEqualTo(2 * 48 + 3 * 4);
		assertThat(new Color(grid.getRGB(1, 1))).isEqualTo(Color.WHITE);
	}

	@Test
	void anUnknownPaddingModeNamesTheField() throws Exception {
		this.mvc.perform(multipart("/api/v1/vision/augmentations").file(this.image).param("padding", "wrap"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.field").value("padding"));
	}

	@Test
	void outOfRangeSettingsAreRefused() throws Exception {
		this.mvc.perform(multipart("/api/v1/vision/augmentations").file(this.image).param("maxZoom", "0.5"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("maxZoom"));
		this.mvc.perform(multipart("/api/v1/vision/augmentations").file(this.image).param("views", "500"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("views"));
	}

	@Test
	void everyFloatSettingMustBeFinite() throws Exception {
		for (String setting : new String[] { "maxRotate", "maxZoom", "maxLighting", "maxWarp", "pAffine",
				"pLighting" }) {
			for (String value : new String[] { "NaN", "Infinity", "-Infinity", "1e309" }) {
				this.mvc.perform(multipart("/api/v1/vision/augmentations").file(this.image).param(setting, value))
					.andExpect(status().isBadRequest())
					.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
					.andExpect(jsonPath("$.errors[0].field").value(setting));
			}
		}
	}

	@Test
	void aFileThatIsNotAnImageIsABadRequest() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/vision/augmentations")
				.file(new MockMultipartFile("file", "notes.txt", "text/plain", "hello".getBytes())))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.file").value("notes.txt"));
	}

}
