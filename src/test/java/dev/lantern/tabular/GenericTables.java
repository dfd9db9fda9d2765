package dev.lantern.tabular;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated plain tables for the generic tabular path: a positive target {@code y} whose
 * log is a sum of category effects, smooth and interacting functions of the continuous
 * columns and, with a date, a weekday effect, a yearly season and a trend, plus Gaussian
 * noise of standard deviation {@code sigma} (so the best RMSPE any model can reach is
 * that of the Rossmann generator, {@code sqrt(1 - exp(-sigma^2))}).
 */
public final class GenericTables {

	private static final double[] WEEKDAY = { 0.10, 0.0, -0.05, 0.0, 0.05, 0.20, -0.30 };

	private GenericTables() {
	}

	/**
	 * The shape of a generated table.
	 *
	 * @param name a label
	 * @param rows rows
	 * @param date whether rows carry a {@code date} over two years (2013-2014)
	 * @param categories the number of levels of each categorical column ({@code c0},
	 * {@code c1}, ..., written as text)
	 * @param continuous the number of continuous columns ({@code x0}, ...; the first
	 * three carry signal, the rest are noise)
	 */
	public record Shape(String name, int rows, boolean date, int[] categories, int continuous) {

	}

	/**
	 * Writes {@code table.csv}.
	 * @param directory where it goes
	 * @param shape its shape
	 * @param sigma the noise on log y
	 * @param seed the random seed
	 * @return the file
	 */
	public static Path write(Path directory, Shape shape, double sigma, long seed) throws IOException {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] effects = new double[shape.categories().length][];
		for (int c = 0; c < effects.length; c++) {
			effects[c] = new double[shape.categories()[c]];
			for (int level = 0; level < effects[c].length; level++) {
				effects[c][level] = 0.3 * gaussian(random);
			}
		}
		Path file = directory.resolve("table.csv");
		LocalDate start = LocalDate.of(2013, 1, 1);
		try (Writer out = Files.newBufferedWriter(file)) {
			StringBuilder header = new StringBuilder();
			if (shape.date()) {
				header.append("date,");
			}
			for (int c = 0; c < effects.length; c++) {
				header.append('c').append(c).append(',');
			}
			for (int x = 0; x < shape.continuous(); x++) {
				header.append('x').append(x).append(',');
			}
			out.write(header.append("y\n").toString());
			double[] xs = new double[Math.max(3, shape.continuous())];
			for (int row = 0; row < shape.rows(); row++) {
				StringBuilder line = new StringBuilder();
				double log = 5;
				if (shape.date()) {
					int day = random.nextInt(730);
					LocalDate date = start.plusDays(day);
					line.append(date).append(',');
					log += WEEKDAY[date.getDayOfWeek().getValue() - 1]
							+ 0.1 * Math.sin(2 * Math.PI * date.getDayOfYear() / 365.25) + 0.15 * day / 730.0;
				}
				int first = 0;
				for (int c = 0; c < effects.length; c++) {
					int level = random.nextInt(effects[c].length);
					if (c == 0) {
						first = level;
					}
					log += effects[c][level];
					line.append("L").append(level).append(',');
				}
				for (int x = 0; x < xs.length; x++) {
					xs[x] = (x < shape.continuous()) ? gaussian(random) : 0;
				}
				for (int x = 0; x < shape.continuous(); x++) {
					line.append(String.format(Locale.ROOT, "%.4f", xs[x])).append(',');
				}
				log += 0.3 * Math.sin(1.5 * xs[0]) + 0.1 * xs[1] * xs[1] + 0.15 * xs[0] * xs[2];
				if (effects.length > 0) {
					log += 0.2 * xs[1] * ((first % 2 == 0) ? 1 : -1);
				}
				log += sigma * gaussian(random);
				line.append(String.format(Locale.ROOT, "%.4f", Math.exp(log))).append('\n');
				out.write(line.toString());
			}
		}
		return file;
	}

	private static double gaussian(SplittableRandom random) {
		double u = 1 - random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
	}

}
