package dev.lantern.vision.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import dev.lantern.vision.dataset.ImageManifest.Box;

/**
 * Generates a small image dataset named like the Oxford-IIIT Pet dataset
 * ({@code Abyssinian_12.jpg}: cats capitalized, dogs in lower case). Each class is told
 * apart only by one object, a shape of its own colour and form, drawn at a random
 * position and size over a cluttered grey-toned background; the object's bounding box is
 * recorded in the manifest, so heatmaps can be checked against it (the "pointing game").
 */
public final class SyntheticPets {

	/** The 37 breeds of the Oxford-IIIT Pet dataset, interleaved cats and dogs. */
	public static final List<String> BREEDS = List.of("Abyssinian", "beagle", "Bengal", "boxer", "Birman", "pug",
			"Bombay", "chihuahua", "British_Shorthair", "havanese", "Egyptian_Mau", "keeshond", "Maine_Coon",
			"leonberger", "Persian", "newfoundland", "Ragdoll", "pomeranian", "Russian_Blue", "samoyed", "Siamese",
			"shiba_inu", "Sphynx", "basset_hound", "american_bulldog", "english_cocker_spaniel",
			"american_pit_bull_terrier", "english_setter", "german_shorthaired", "great_pyrenees", "japanese_chin",
			"miniature_pinscher", "saint_bernard", "scottish_terrier", "staffordshire_bull_terrier", "wheaten_terrier",
			"yorkshire_terrier");

	private static final int SHAPES = 6;

	private SyntheticPets() {
	}

	/**
	 * Writes the dataset into a dataset directory.
	 * @return the dataset's report
	 */
	public static Map<String, Object> generate(Path directory, PetsSampleRequest request) throws IOException {
		ImageDatasetBuilder builder = new ImageDatasetBuilder(directory);
		Random random = new Random(request.seed());
		for (int c = 0; c < request.classes(); c++) {
			for (int i = 1; i <= request.imagesPerClass(); i++) {
				BufferedImage image = new BufferedImage(request.size(), request.size(), BufferedImage.TYPE_INT_RGB);
				Box box = draw(image, c, request.classes(), random);
				String name = BREEDS.get(c) + "_" + i + ".jpg";
				builder.add(name, BREEDS.get(c), "jpg", jpeg(image), box);
			}
		}
		Map<String, Object> report = builder.finish(request.validPct(), request.seed());
		report.put("generator", "synthetic-pets");
		report.put("size", request.size());
		return report;
	}

	/** Draws one image of class {@code c}; returns the object's bounding box. */
	static Box draw(BufferedImage image, int c, int classes, Random random) {
		int s = image.getWidth();
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setPaint(new GradientPaint(0, 0, grey(random, 70, 190), s, s, grey(random, 70, 190)));
			g.fillRect(0, 0, s, s);
			for (int k = 0; k < 6; k++) {
				g.setColor(grey(random, 60, 220));
				int w = s / 8 + random.nextInt(s / 4);
				int h = s / 8 + random.nextInt(s / 4);
				g.fillOval(random.nextInt(s) - w / 2, random.nextInt(s) - h / 2, w, h);
			}
			int size = (int) Math.round(s * (0.25 + 0.12 * random.nextDouble()));
			int x = random.nextInt(s - size + 1);
			int y = random.nextInt(s - size + 1);
			g.setColor(Color.getHSBColor((float) c / classes, 0.9f, 0.95f));
			shape(g, c % SHAPES, x, y, size);
			return new Box(x, y, size, size);
		}
		finally {
			g.dispose();
		}
	}

	private static void shape(Graphics2D g, int shape, int x, int y, int size) {
		switch (shape) {
			case 0 -> g.fillOval(x, y, size, size);
			case 1 -> g.fillRect(x, y, size, size);
			case 2 -> g.fillPolygon(
					new Polygon(new int[] { x + size / 2, x + size, x }, new int[] { y, y + size, y + size }, 3));
			case 3 -> g.fillPolygon(new Polygon(new int[] { x + size / 2, x + size, x + size / 2, x },
					new int[] { y, y + size / 2, y + size, y + size / 2 }, 4));
			case 4 -> {
				g.setStroke(new BasicStroke(Math.max(2, size / 5f)));
				int inset = Math.max(1, size / 10);
				g.drawOval(x + inset, y + inset, size - 2 * inset, size - 2 * inset);
			}
			default -> {
				int bar = Math.max(2, size / 3);
				g.fillRect(x, y + (size - bar) / 2, size, bar);
				g.fillRect(x + (size - bar) / 2, y, bar, size);
			}
		}
	}

	private static Color grey(Random random, int lo, int hi) {
		int v = lo + random.nextInt(hi - lo);
		int tint = random.nextInt(13) - 6;
		return new Color(clamp(v + tint), clamp(v), clamp(v - tint));
	}

	private static int clamp(int v) {
		return Math.max(0, Math.min(255, v));
	}

	private static byte[] jpeg(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpg", out);
		return out.toByteArray();
	}

}
