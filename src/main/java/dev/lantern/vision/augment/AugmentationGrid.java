package dev.lantern.vision.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.image.Png;

/**
 * A PNG grid of augmented views of one image, as fastai's {@code plot_multi} of a
 * transformed item: the way to see what the training transforms do.
 */
final class AugmentationGrid {

	private static final int GAP = 4;

	private AugmentationGrid() {
	}

	static byte[] png(BufferedImage image, Augmenter augmenter, int size, int views, int columns, long seed) {
		int rows = (views + columns - 1) / columns;
		BufferedImage grid = new BufferedImage(columns * size + (columns + 1) * GAP, rows * size + (rows + 1) * GAP,
				BufferedImage.TYPE_INT_RGB);
		Graphics2D g = grid.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
			SplittableRandom random = new SplittableRandom(seed);
			for (int i = 0; i < views; i++) {
				float[] view = augmenter.augment(image, size, random.split());
				int x = GAP + (i % columns) * (size + GAP);
				int y = GAP + (i / columns) * (size + GAP);
				g.drawImage(ImageTensors.toImage(view, size, size), x, y, null);
			}
		}
		finally {
			g.dispose();
		}
		return Png.encode(grid);
	}

}
