package dev.lantern.vision.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.lantern.system.errors.CapacityException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.image.ImageUploads.Upload;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageUploadsTests {

	private static final VisionProperties VISION = new VisionProperties(10, DataSize.ofMegabytes(10),
			DataSize.ofMegabytes(10), 40_000_000, 1, 1, 8);

	/** 4 images, 80 megapixels of source and 2 of decoded pixels per request. */
	private static final ImageUploadProperties LIMITS = new ImageUploadProperties(4, 80_000_000, 2_000_000, 1,
			Duration.ofMillis(200), Duration.ofSeconds(3));

	private final DecodeSlots slots = new DecodeSlots(LIMITS);

	private final ImageUploads uploads = new ImageUploads(VISION, LIMITS, this.slots);

	@Test
	void aHugeImageIsDecodedNearTheSideItIsNeededAt() {
		byte[] png = TestImages.blackPng(6000, 6000);
		BufferedImage image = this.uploads.decode("flood.png", png, ImageUploads.sideForModel(224));
		// 6000 / 448 = 13: every 13th pixel of every 13th row, 462 x 462
		assertThat(image.getWidth()).isEqualTo(462);
		assertThat(image.getHeight()).isEqualTo(462);
		assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
	}

	@Test
	void anImageNoLargerThanItsTargetIsDecodedWhole() {
		BufferedImage source = TestImages.gradient(300, 200);
		BufferedImage image = this.uploads.decode("small.png", TestImages.png(source), 448);
		assertThat(image.getWidth()).isEqualTo(300);
		assertThat(image.getRGB(299, 199)).isEqualTo(source.getRGB(299, 199));
	}

	@Test
	void subsamplingKeepsTheShorterSideAtLeastTheTarget() {
		assertThat(ImageDecoder.subsampling(6000, 6000, 448)).isEqualTo(13);
		assertThat(ImageDecoder.subsampling(6000, 400, 448)).isEqualTo(1);
		assertThat(ImageDecoder.subsampling(40_000, 1000, 448)).isEqualTo(2);
		assertThat(ImageDecoder.keptPixels(6000, 6000, 13)).isEqualTo(462L * 462);
		assertThat(ImageDecoder.keptPixels(7, 5, 2)).isEqualTo(4L * 3);
	}

	@Test
	void moreImagesThanAllowedAreRefusedNamingTheLimit() {
		byte[] png = TestImages.png(TestImages.solid(4, 4, Color.RED));
		List<Upload> five = new ArrayList<>(Collections.nCopies(5, new Upload("a.png", png)));
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> this.uploads.decodeAll(five, 8, "file"))
			.withMessageContaining("lantern.vision.uploads.max-images")
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("field", "file"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.uploads.decodeAll(List.of(), 8, "image"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("image"));
	}

	@Test
	void theSourcePixelsOfARequestAreBoundedBeforeAnyDecoding() {
		// 3 x 36 megapixels: each under max-image-pixels, together over the 80 allowed
		byte[] png = TestImages.blackPng(6000, 6000);
		List<Upload> three = List.of(new Upload("a.png", png), new Upload("b.png", png), new Upload("c.png", png));
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> this.uploads.decodeAll(three, 448, "file"))
			.withMessageContaining("lantern.vision.uploads.max-request-source-pixels")
			.withMessageContaining("'c.png'");
	}

	@Test
	void theDecodedPixelsOfARequestAreBounded() {
		// decoded whole (the target is larger than the image): 3 x 1 megapixel > 2
		byte[] png = TestImages.blackPng(1000, 1000);
		List<Upload> three = List.of(new Upload("a.png", png), new Upload("b.png", png), new Upload("c.png", png));
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> this.uploads.decodeAll(three, 2000, "file"))
			.withMessageContaining("lantern.vision.uploads.max-request-decoded-pixels")
			.withMessageContaining("'c.png'");
		// near a small target the same images fit
		assertThat(this.uploads.decodeAll(three, 200, "file")).hasSize(3);
	}

	@Test
	void aPixelBombIsRefusedFromItsHeader() {
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> this.uploads.decode("bomb.png", TestImages.pngDeclaring(100_000, 100_000), 448))
			.withMessageContaining("'bomb.png'")
			.withMessageContaining("lantern.vision.max-image-pixels");
	}

	@Test
	void corruptImageDataIsABadRequestNamingTheFile() {
		byte[] png = TestImages.blackPng(500, 500);
		byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.uploads.decode("cut.png", cut, 448))
			.withMessageContaining("'cut.png' cannot be read");
	}

	@Test
	void whenEveryDecodingSlotStaysBusyTheRequestIsToldToComeBack() throws Exception {
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = new Thread(() -> this.slots.decode(() -> {
			holding.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return null;
		}));
		holder.start();
		try {
			assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
			byte[] png = TestImages.png(TestImages.solid(4, 4, Color.RED));
			assertThatExceptionOfType(CapacityException.class).isThrownBy(() -> this.uploads.decode("a.png", png, 448))
				.withMessageContaining("lantern.vision.uploads.max-concurrent-decodes")
				.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
		}
		finally {
			release.countDown();
			holder.join();
		}
		assertThat(this.uploads.decode("a.png", TestImages.png(TestImages.solid(4, 4, Color.RED)), 448).getWidth())
			.isEqualTo(4);
	}

}
