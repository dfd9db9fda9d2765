package dev.lantern.vision.heatmap;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.lantern.vision.TestImages;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class ConvolutionControllerTests {

	@Autowired
	MockMvc mvc;

	@Test
	void lessonKernelRespondsToEdgesNotFlatRegions() throws Exception {
		byte[] png = this.mvc.perform(multipart("/api/v1/vision/convolve").file(image()))
			.andExpect(status().isOk())
			.andExpect(content().contentType("image/png"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		BufferedImage out = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(out.getWidth()).isEqualTo(32);
		assertThat(out.getHeight()).isEqualTo(24);
		// The kernel weighs the pixels below and to the right of each pixel positively
		// and
		// those above and to the left negatively: strongest just outside the square's
		// top-left
		// corner, weakest inside and near its bottom-right edges.
		int insideCorner = out.getRGB(8, 8) & 0xff;
		int middle = out.getRGB(14, 12) & 0xff;
		assertThat(insideCorner).isGreaterThan(middle);
	}

	@Test
	void customKernelsAreAcceptedWhenTheirChannelsAgree() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/vision/convolve").file(image())
				.param("kernel", "[[[0,0,0],[0,1,0],[0,0,0]],[[0]],[[0]]]"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("kernel"));
		this.mvc
			.perform(multipart("/api/v1/vision/convolve").file(image()).param("kernel", "[[0,0,0],[0,1,0],[0,0,0]]"))
			.andExpect(status().isOk());
	}

	@Test
	void malformedKernelIsNamed() throws Exception {
		for (String kernel : new String[] { "not json", "[1,2,3]", "[[1,\"a\"]]", "[[1,2],[3]]" }) {
			this.mvc.perform(multipart("/api/v1/vision/convolve").file(image()).param("kernel", kernel))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType("application/problem+json"))
				.andExpect(jsonPath("$.field").value("kernel"));
		}
	}

	@Test
	void kernelValuesMustBeFiniteAndBounded() throws Exception {
		for (String kernel : new String[] { "[[0,1e309,0]]", "[[0,-1e309,0]]", "[[0,0],[0,2e6]]",
				"[[[1]],[[1e400]],[[1]]]" }) {
			this.mvc.perform(multipart("/api/v1/vision/convolve").file(image()).param("kernel", kernel))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType("application/problem+json"))
				.andExpect(jsonPath("$.field").value("kernel"))
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Kernel value at row")));
		}
		this.mvc.perform(multipart("/api/v1/vision/convolve").file(image()).param("kernel", "[[0,NaN,0]]"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("kernel"));
	}

	@Test
	void aLargeImageIsFilteredNearThePreviewSize() throws Exception {
		byte[] png = this.mvc
			.perform(multipart("/api/v1/vision/convolve")
				.file(new MockMultipartFile("file", "large.png", "image/png", TestImages.blackPng(3000, 2100))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		BufferedImage out = ImageIO.read(new ByteArrayInputStream(png));
		// every second pixel of every second row: the shorter side stays at least 1024
		assertThat(out.getWidth()).isEqualTo(1500);
		assertThat(out.getHeight()).isEqualTo(1050);
	}

	@Test
	void unreadableImageIsNamed() throws Exception {
		this.mvc
			.perform(multipart("/api/v1/vision/convolve")
				.file(new MockMultipartFile("file", "notes.txt", "text/plain", "hello".getBytes())))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("notes.txt")));
	}

	private static MockMultipartFile image() throws Exception {
		BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
		var graphics = image.createGraphics();
		graphics.setColor(Color.BLACK);
		graphics.fillRect(0, 0, 32, 24);
		graphics.setColor(Color.WHITE);
		graphics.fillRect(8, 8, 12, 10);
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return new MockMultipartFile("file", "square.png", "image/png", out.toByteArray());
	}

}
