package dev.lantern.vision.interpret;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

import dev.lantern.vision.image.Png;

/**
 * Draws a confusion matrix as a PNG, like fastai's {@code plot_confusion_matrix}: actual
 * classes down, predicted across, cells shaded by count with the count written in.
 */
public final class ConfusionMatrixImage {

	private static final int CELL = 36;

	private ConfusionMatrixImage() {
	}

	public static byte[] png(Interpretation interpretation) {
		List<String> labels = interpretation.labels();
		int n = labels.size();
		BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
		FontMetrics metrics = probe.createGraphics().getFontMetrics(font);
		int labelWidth = labels.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 12;
		int margin = labelWidth + 24;
		int side = margin + n * CELL + 12;
		BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, side, side);
			g.setFont(font);
			int max = interpretation.confusion()
				.stream()
				.flatMap(List::stream)
				.mapToInt(Integer::intValue)
				.max()
				.orElse(1);
			for (int a = 0; a < n; a++) {
				for (int p = 0; p < n; p++) {
					int count = interpretation.confusion().get(a).get(p);
					float shade = (max > 0) ? (float) count / max : 0;
					g.setColor(new Color(1 - 0.8f * shade, 1 - 0.6f * shade, 1 - 0.2f * shade));
					int x = margin + p * CELL;
					int y = margin + a * CELL;
					g.fillRect(x, y, CELL, CELL);
					g.setColor(Color.LIGHT_GRAY);
					g.drawRect(x, y, CELL, CELL);
					g.setColor((shade > 0.5f) ? Color.WHITE : Color.BLACK);
					String text = Integer.toString(count);
					g.drawString(text, x + (CELL - metrics.stringWidth(text)) / 2, y + CELL / 2 + 5);
				}
				g.setColor(Color.BLACK);
				g.drawString(labels.get(a), margin - metrics.stringWidth(labels.get(a)) - 6,
						margin + a * CELL + CELL / 2 + 5);
				AffineTransform saved = g.getTransform();
				g.translate(margin + a * CELL + CELL / 2 + 5, margin - 6);
				g.rotate(-Math.PI / 2);
				g.drawString(labels.get(a), 0, 0);
				g.setTransform(saved);
			}
			g.drawString("actual \u2193  predicted \u2192", 4, 14);
		}
		finally {
			g.dispose();
		}
		return Png.encode(image);
	}

}
