package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.tabular.TabularPreset;

/**
 * Generated Rossmann data and the Rossmann preset for the tests and benchmarks of the
 * generic learner, which do not see this package's classes.
 */
public final class RossmannSamples {

	/**
	 * The state codes the generator gives stores, as {@code store_states.csv} has them.
	 */
	public static final List<String> STATES = List.of(RossmannGenerator.STATES);

	private RossmannSamples() {
	}

	/**
	 * Writes {@code train.csv}, {@code store.csv} and {@code store_states.csv} with a
	 * yearly season of amplitude 0.08.
	 * @param directory where the files go
	 * @param stores how many stores
	 * @param days how many consecutive days
	 * @param sigma the noise on log sales
	 * @param seed the random seed
	 * @param start the first day
	 */
	public static void write(Path directory, int stores, int days, double sigma, long seed, LocalDate start)
			throws IOException {
		new RossmannGenerator(new RossmannGenerator.Settings(stores, days, sigma, seed, start, 0.08))
			.writeInto(directory);
	}

	/** The best RMSPE any model can reach on generated data of noise {@code sigma}. */
	public static double rmspeFloor(double sigma) {
		return RossmannGenerator.rmspeFloor(sigma);
	}

	/**
	 * A dataset store in which every id names the same directory (a tabular dataset
	 * without a profile); it creates nothing.
	 */
	public static Datasets datasetsIn(Path directory) {
		return new Datasets() {
			@Override
			public Dataset get(String id) {
				return new Dataset(id, id, "tabular", Instant.now(), Map.of());
			}

			@Override
			public Path directory(String id) {
				return directory;
			}

			@Override
			public Dataset create(String name, String kind, DatasetWriter writer) {
				throw new UnsupportedOperationException("These tests create no dataset");
			}
		};
	}

	/** The preset as Spring would create it. */
	public static TabularPreset preset() {
		return new RossmannPreset();
	}

}
