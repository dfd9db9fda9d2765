package dev.lantern.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads Kaggle's Rossmann tables: {@code train.csv}, {@code store.csv} and, when given,
 * the lesson's {@code store_states.csv} (its weather and trends: {@link RossmannExtras}).
 */
final class RossmannTables {

	private RossmannTables() {
	}

	static Frame readTrain(Path file, String source, int maxFieldChars) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return TableReader.read(in, source, RossmannFeatures.TRAIN_COLUMNS, RossmannFeatures.OPTIONAL_TRAIN_COLUMNS,
					RossmannFeatures.REQUIRED_VALUES, maxFieldChars);
		}
	}

	/** The store table, joined with the store states when {@code states} is not null. */
	static Frame readStores(Path store, Path states, int maxFieldChars) throws IOException {
		Frame stores;
		try (InputStream in = Files.newInputStream(store)) {
			stores = TableReader.read(in, store.getFileName().toString(), RossmannFeatures.STORE_COLUMNS, Set.of(),
					Set.of("Store"), maxFieldChars);
		}
		if (states == null) {
			return stores;
		}
		try (InputStream in = Files.newInputStream(states)) {
			Frame stateTable = TableReader.read(in, states.getFileName().toString(), RossmannFeatures.STATE_COLUMNS,
					Set.of(), Set.of("Store"), maxFieldChars);
			return RossmannFeatures.withStates(stores, stateTable);
		}
	}

	/**
	 * The rows a model trains on: open days with positive sales (RMSPE is undefined at
	 * 0).
	 */
	static int[] trainableRows(Frame train) {
		double[] sales = train.numbers("Sales");
		double[] open = train.has("Open") ? train.numbers("Open") : null;
		return IntStream.range(0, train.rows())
			.filter((i) -> sales[i] > 0 && (open == null || Double.isNaN(open[i]) || open[i] != 0))
			.toArray();
	}

}
