package dev.lantern.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.tabular.BoostingBenchmarkSupport;
import dev.lantern.tabular.GenericTables;

/**
 * Lantern's generic tabular path ({@code preset: none}, a spec naming only model,
 * dataset, target and date column) against gradient-boosted trees (XGBoost4J) on the same
 * split of generated tables of several shapes, with and without dates, with few and many
 * categories. Prints validation RMSPE of both, the floor, and Lantern's error over
 * XGBoost's. Run with {@code ./mvnw -B -Pbenchmark test -Dtest=TabularBoostingBenchmark};
 * {@code -Dbench.rows=20000}, {@code -Dbench.shapes=few,many,few-date,many-date},
 * {@code -Dbench.rounds=600}. Written to {@code target/benchmarks/tabular-boosting.md}.
 */
class TabularBoostingBenchmark {

	private static final Map<String, int[]> CATEGORIES = Map.of("few", new int[] { 5, 8, 12 }, "many",
			new int[] { 1000, 200, 12 });

	@TempDir
	Path directory;

	@Test
	void lanternAgainstBoostedTrees() throws Exception {
		int rows = Integer.getInteger("bench.rows", 20_000);
		int rounds = Integer.getInteger("bench.rounds", 600);
		List<String> shapes = List.of(System.getProperty("bench.shapes", "few,many,few-date,many-date").split(","));
		Map<String, Object> xgboost = new LinkedHashMap<>();
		xgboost.put("objective", "reg:squarederror");
		xgboost.put("tree_method", "hist");
		xgboost.put("eta", 0.05);
		xgboost.put("max_depth", 8);
		xgboost.put("subsample", 0.8);
		xgboost.put("colsample_bytree", 0.8);
		xgboost.put("max_cat_to_onehot", 1);
		xgboost.put("nthread", Runtime.getRuntime().availableProcessors());
		xgboost.put("seed", 42);
		StringBuilder table = new StringBuilder();
		table.append("# Generic tabular path against XGBoost, ").append(Instant.now()).append("\n\n");
		table.append(String.format("%,d rows, sigma 0.1, XGBoost %s, %d rounds; %d cores, OMP_WAIT_POLICY=%s%n%n", rows,
				xgboost, rounds, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_WAIT_POLICY")));
		table.append("| shape | train / valid rows | inputs (profile) | batch, lr | floor | Lantern RMSPE "
				+ "| XGBoost RMSPE (categorical / codes as numbers) | Lantern / best XGBoost | Lantern s | XGBoost s "
				+ "| load |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
		int run = 0;
		for (String name : shapes) {
			boolean date = name.endsWith("-date");
			int[] categories = CATEGORIES.get(name.replace("-date", ""));
			GenericTables.Shape shape = new GenericTables.Shape(name, rows, date, categories, 4);
			double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			Map<String, Object> f = BoostingBenchmarkSupport.run(this.directory.resolve("run" + run++), shape, 0.1,
					xgboost, rounds);
			String line = String.format(
					"| %s: %s categories%s | %,d / %,d | %s cat, %s cont | %d, %.2g | %.4f | %.4f | %.4f / %.4f | %.2f "
							+ "| %.0f | %.0f | %.1f |%n",
					name, Arrays.toString(categories), date ? ", date" : "", f.get("train_rows"), f.get("valid_rows"),
					f.get("categorical"), f.get("continuous"), f.get("batch"), f.get("lr"), f.get("floor"),
					f.get("lantern_rmspe"), f.get("xgboost_rmspe"), f.get("xgboost_codes_rmspe"), f.get("ratio"),
					f.get("lantern_s"), f.get("xgboost_s"), load);
			System.out.print(line);
			table.append(line);
		}
		table.append("\nPeak resident memory of the JVM (VmHWM): ").append(ResidentMemory.peak()).append('\n');
		System.out.println(table);
		Path out = Files.createDirectories(Path.of("target", "benchmarks"));
		Files.writeString(out.resolve("tabular-boosting.md"), table);
	}

}
