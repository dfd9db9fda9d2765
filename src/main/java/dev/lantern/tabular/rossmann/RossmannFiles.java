package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Rossmann tables of a dataset or of a model version: {@code store.csv} and, each
 * when present, the lesson's {@code store_states.csv}, {@code state_names.csv},
 * {@code weather.csv} and {@code googletrend.csv}.
 *
 * @param store the store table, or null when absent
 * @param states the store states, or null
 * @param stateNames the state names (weather file name to state code), or null
 * @param weather the weather per state and day, or null
 * @param trends the Google Trends per state and week, or null
 */
record RossmannFiles(Path store, Path states, Path stateNames, Path weather, Path trends) {

	static final String STORE = "store.csv";

	static final String STATES = "store_states.csv";

	static final String STATE_NAMES = "state_names.csv";

	static final String WEATHER = "weather.csv";

	static final String TRENDS = "googletrend.csv";

	/**
	 * Finds the tables: the store table in the store directory, each other table there or
	 * else in the training directory.
	 */
	static RossmannFiles find(Path storeDirectory, Path trainDirectory) {
		return new RossmannFiles(file(storeDirectory, STORE), either(storeDirectory, trainDirectory, STATES),
				either(storeDirectory, trainDirectory, STATE_NAMES), either(storeDirectory, trainDirectory, WEATHER),
				either(storeDirectory, trainDirectory, TRENDS));
	}

	/** The files present, by the name they are kept under with a model. */
	Map<String, Path> present() {
		Map<String, Path> files = new LinkedHashMap<>();
		put(files, STORE, this.store);
		put(files, STATES, this.states);
		put(files, STATE_NAMES, this.stateNames);
		put(files, WEATHER, this.weather);
		put(files, TRENDS, this.trends);
		return files;
	}

	/** Reads the tables into the features they join. */
	RossmannFeatures features(int maxFieldChars) throws IOException {
		return new RossmannFeatures(RossmannTables.readStores(this.store, this.states, maxFieldChars),
				RossmannExtras.read(this.stateNames, this.weather, this.trends, maxFieldChars));
	}

	private static void put(Map<String, Path> files, String name, Path file) {
		if (file != null) {
			files.put(name, file);
		}
	}

	private static Path either(Path first, Path second, String name) {
		Path file = file(first, name);
		return (file != null) ? file : file(second, name);
	}

	private static Path file(Path directory, String name) {
		Path file = directory.resolve(name);
		return Files.isRegularFile(file) ? file : null;
	}

}
