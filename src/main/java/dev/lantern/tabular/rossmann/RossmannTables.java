package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.lantern.tabular.Frame;
import dev.lantern.tabular.TableReader;

/**
 * Reads Kaggle's Rossmann tables: {@code train.csv}, {@code store.csv} and, when given,
 * the lesson's {@code store_states.csv}, joined onto the stores (the weather and trends
 * are read by {@link RossmannExtras}).
 */
final class RossmannTables {

	private RossmannTables() {
	}

	static Frame readTrain(Path file, String source, int maxFieldChars) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return TableReader.read(in, source, RossmannColumns.TRAIN, RossmannColumns.OPTIONAL_TRAIN,
					RossmannColumns.REQUIRED_VALUES, maxFieldChars);
		}
	}

	/** The store table, joined with the store states when {@code states} is not null. */
	static Frame readStores(Path store, Path states, int maxFieldChars) throws IOException {
		Frame stores;
		try (InputStream in = Files.newInputStream(store)) {
			stores = TableReader.read(in, store.getFileName().toString(), RossmannColumns.STORE, Set.of(),
					Set.of("Store"), maxFieldChars);
		}
		if (states == null) {
			return stores;
		}
		try (InputStream in = Files.newInputStream(states)) {
			Frame stateTable = TableReader.read(in, states.getFileName().toString(), RossmannColumns.STATES, Set.of(),
					Set.of("Store"), maxFieldChars);
			return withStates(stores, stateTable);
		}
	}

	/** Joins the store states onto the store table. */
	private static Frame withStates(Frame stores, Frame states) {
		Map<Long, String> byStore = new HashMap<>();
		double[] ids = states.numbers("Store");
		String[] names = states.texts("State");
		for (int i = 0; i < ids.length; i++) {
			if (!Double.isNaN(ids[i])) {
				byStore.put((long) ids[i], names[i]);
			}
		}
		double[] storeIds = stores.numbers("Store");
		String[] state = new String[stores.rows()];
		for (int i = 0; i < state.length; i++) {
			state[i] = Double.isNaN(storeIds[i]) ? null : byStore.get((long) storeIds[i]);
		}
		return stores.put("State", state);
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
