package dev.lantern.vision.heatmap;

import java.awt.Color;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeatmapOverlayTests {

	@Test
	void colormapsRunFromTheirFirstToTheirLastColour() {
		assertThat(Colormap.MAGMA.rgb(0)).isEqualTo(0x000004);
		assertThat(Colormap.MAGMA.rgb(1)).isEqualTo(0xfcfdbf);
		assertThat(Colormap.VIRIDIS.rgb(0.5)).isEqualTo(0x21918c);
		assertThat(Colormap.JET.rgb(0)).isEqualTo(0x00007f);
		assertThat(Colormap.JET.rgb(2)).isEqualTo(0x7f0000);
	}

	@Test
	void magmaAndViridisGrowLighter() {
		for (Colormap map : new Colormap[] { Colormap.MAGMA, Colormap.VIRIDIS }) {
			double previous = -1;
			for (int i = 0; i <= 20; i++) {
				double lightness = luma(map.rgb(i / 20.0));
				assertThat(lightness).as("%s at %d/20", map, i).isGreaterThan(previous);
				previous = lightness;
			}
		}
	}

	@Test
	void overlayHasTheRequestedSizeAndHeatWhereTheGridIsHot() {
		BufferedImage image = solid(40, 30, Color.GRAY);
		float[][] grid = new float[4][4];
		grid[3][0] = 5f;
		Heatmap heatmap = new Heatmap(grid, 0, new float[] { 1f });
		BufferedImage out = HeatmapOverlay.render(image, heatmap, Colormap.MAGMA, 1.0, 64, 48);
		assertThat(out.getWidth()).isEqualTo(64);
		assertThat(out.getHeight()).isEqualTo(48);
		assertThat(luma(out.getRGB(1, 46))).isGreaterThan(200);
		assertThat(out.getRGB(62, 2) & 0xffffff).isEqualTo(0x000004);
	}

	@Test
	void zeroAlphaLeavesTheImage() {
		BufferedImage image = solid(8, 8, new Color(10, 200, 30));
		float[][] grid = { { 0f, 1f }, { 2f, 3f } };
		BufferedImage out = HeatmapOverlay.render(image, new Heatmap(grid, 0, new float[] { 1f }), Colormap.JET, 0.0, 8,
				8);
		assertThat(out.getRGB(4, 4) & 0xffffff).isEqualTo(0x0ac81e);
	}

	@Test
	void bilinearSamplingPlacesCellsAtTheirReceptiveFieldCentres() {
		float[][] grid = { { 0f, 1f } };
		assertThat(HeatmapOverlay.sample(grid, 0.0, 0.5)).isEqualTo(0.0);
		assertThat(HeatmapOverlay.sample(grid, 0.25, 0.5)).isEqualTo(0.5);
		assertThat(HeatmapOverlay.sample(grid, 0.5, 0.5)).isEqualTo(1.0);
		assertThat(HeatmapOverlay.sample(grid, 0.9, 0.5)).isEqualTo(1.0);
	}

	private static BufferedImage solid(int width, int height, Color color) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		var graphics = image.createGraphics();
		graphics.setColor(color);
		graphics.fillRect(0, 0, width, height);
		graphics.dispose();
		return image;
	}

	private static double luma(int rgb) {
		return 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
	}

}
