package dev.lantern.vision.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import dev.lantern.vision.TestImages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageDecoderTests {

	private final ImageDecoder decoder = new ImageDecoder(10_000_000);

	@Test
	void decodesPngAndJpegToRgb() throws Exception {
		BufferedImage source = TestImages.solid(20, 10, new Color(200, 40, 10));
		BufferedImage png = this.decoder.decode(TestImages.png(source));
		BufferedImage jpeg = this.decoder.decode(TestImages.jpeg(source));
		assertThat(png.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
		assertThat(png.getRGB(3, 3) & 0xFFFFFF).isEqualTo(0xC8280A);
		assertThat(jpeg.getWidth()).isEqualTo(20);
		Color c = new Color(jpeg.getRGB(5, 5));
		assertThat(c.getRed()).isBetween(190, 210);
		assertThat(c.getGreen()).isBetween(30, 50);
	}

	@Test
	void grayscaleBecomesEqualChannels() throws Exception {
		BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
		gray.getRaster().setSample(2, 2, 0, 77);
		BufferedImage rgb = this.decoder.decode(TestImages.png(gray));
		Color c = new Color(rgb.getRGB(2, 2));
		assertThat(c.getRed()).isEqualTo(c.getGreen()).isEqualTo(c.getBlue());
		assertThat(c.getRed()).isBetween(70, 85);
	}

	@Test
	void transparentPixelsBecomeWhite() throws Exception {
		BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
		argb.setRGB(0, 0, 0x00FF0000);
		argb.setRGB(1, 1, 0xFF0000FF);
		BufferedImage rgb = this.decoder.decode(TestImages.png(argb));
		assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
		assertThat(rgb.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x0000FF);
	}

	@Test
	void exifOrientationSixTurnsTheImageUpright() throws Exception {
		BufferedImage wide = TestImages.solid(40, 20, Color.WHITE);
		for (int y = 0; y < 20; y++) {
			for (int x = 0; x < 10; x++) {
				wide.setRGB(x, y, Color.BLACK.getRGB());
			}
		}
		byte[] jpeg = withOrientation(TestImages.jpeg(wide), 6);
		BufferedImage upright = this.decoder.decode(jpeg);
		assertThat(upright.getWidth()).isEqualTo(20);
		assertThat(upright.getHeight()).isEqualTo(40);
		// Orientation 6 means "rotate 90 degrees clockwise to view": the black left band
		// ends up at the top.
		assertThat(new Color(upright.getRGB(10, 2)).getRed()).isLessThan(60);
		assertThat(new Color(upright.getRGB(10, 37)).getRed()).isGreaterThan(200);
	}

	@Test
	void refusesImagesDeclaringTooManyPixelsBeforeDecoding() {
		assertThatExceptionOfType(ImageTooLargeException.class)
			.isThrownBy(() -> this.decoder.decode(TestImages.pngDeclaring(50_000, 50_000)))
			.withMessageContaining("50000 x 50000");
	}

	@Test
	void corruptDataIsADecodingError() {
		byte[] jpeg = TestImages.jpeg(TestImages.gradient(32, 32));
		byte[] truncated = java.util.Arrays.copyOf(jpeg, 40);
		assertThatExceptionOfType(ImageDecodingException.class).isThrownBy(() -> this.decoder.decode(truncated));
		assertThatExceptionOfType(ImageDecodingException.class)
			.isThrownBy(() -> this.decoder.decode("not an image".getBytes()))
			.withMessageContaining("not a JPEG or PNG");
	}

	@Test
	void gifIsRefusedAsUnsupported() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		javax.imageio.ImageIO.write(TestImages.solid(4, 4, Color.RED), "gif", out);
		assertThatExceptionOfType(ImageDecodingException.class).isThrownBy(() -> this.decoder.decode(out.toByteArray()))
			.withMessageContaining("only JPEG and PNG");
	}

	/** Inserts an APP1 Exif segment with one orientation tag after the SOI marker. */
	static byte[] withOrientation(byte[] jpeg, int orientation) {
		byte[] tiff = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0,
				0, 0, 0, 0, 0 };
		byte[] header = { 'E', 'x', 'i', 'f', 0, 0 };
		int length = 2 + header.length + tiff.length;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0xFF);
		out.write(0xD8);
		out.write(0xFF);
		out.write(0xE1);
		out.write(length >> 8);
		out.write(length & 0xFF);
		out.writeBytes(header);
		out.writeBytes(tiff);
		out.write(jpeg, 2, jpeg.length - 2);
		return out.toByteArray();
	}

}
