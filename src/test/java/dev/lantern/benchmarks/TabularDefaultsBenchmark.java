package dev.lantern.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.tabular.TabularBenchmarkSupport;

/**
 * What a {@code tabular-train} spec naming only {@code model} and {@code datasetId} gives
 * on generated Rossmann data of several shapes: validation RMSPE and its ratio to the
 * data's floor, with the batch size, rate and epochs the defaults chose. Run with
 * {@code ./mvnw -B -Pbenchmark test -Dtest=TabularDefaultsBenchmark}; options:
 * {@code -Dbench.shapes=50x400:42,50x600:1} (stores x days : generator seed; the README
 * sample is 50 x 600 with seed 1), {@code -Dbench.variants=-/-/-;64/3e-3/-} (batch / rate
 * / epochs set in the spec, {@code -} leaves the default; the first variant, all
 * defaults, is what a user gets). Validation on the last 48 days, as the job's default.
 * The table is printed and written to {@code target/benchmarks/tabular-defaults.md}.
 */
class TabularDefaultsBenchmark {

	@TempDir
	Path directory;

	@Test
	void defaultsOnSeveralShapes() throws Exception {
		List<String> shapes = List.of(System.getProperty("bench.shapes", "50x400:42,50x600:1").split(","));
		List<String> variants = List.of(System.getProperty("bench.variants", "-/-/-").split(";"));
		StringBuilder table = new StringBuilder();
		table.append("# Tabular defaults benchmark, ").append(Instant.now()).append("\n\n");
		table.append(String.format("%d cores, OMP_WAIT_POLICY=%s, sigma 0.1%n%n",
				Runtime.getRuntime().availableProcessors(), System.getenv("OMP_WAIT_POLICY")));
		table.append("| data | spec sets | train rows | batch | lr | epochs | RMSPE | x floor | train rows/s "
				+ "| load before/after | RMSPE per epoch |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
		int run = 0;
		for (String shape : shapes) {
			String[] parts = shape.strip().split("[x:]");
			int stores = Integer.parseInt(parts[0]);
			int days = Integer.parseInt(parts[1]);
			long seed = (parts.length > 2) ? Long.parseLong(parts[2]) : 42;
			for (String variant : variants) {
				String[] v = variant.strip().split("/");
				Integer batch = "-".equals(v[0]) ? null : Integer.valueOf(v[0]);
				Double lr = (v.length < 2 || "-".equals(v[1])) ? null : Double.valueOf(v[1]);
				Integer epochs = (v.length < 3 || "-".equals(v[2])) ? null : Integer.valueOf(v[2]);
				double loadBefore = load();
				Map<String, Object> f = TabularBenchmarkSupport.runDefaults(this.directory.resolve("run" + run++),
						stores, days, seed, batch, lr, epochs);
				String line = String.format(
						"| %d x %d (seed %d) | %s | %,d | %d | %s | %d | %.4f | %.2f | %,.0f | %.1f/%.1f | %s |%n",
						stores, days, seed, describe(batch, lr, epochs), f.get("train_rows"), f.get("batch"),
						f.get("lr"), f.get("epochs"), f.get("rmspe"), f.get("x_floor"), f.get("train_rows_per_s"),
						loadBefore, load(),
						((List<?>) f.get("rmspe_per_epoch")).stream()
							.map((x) -> String.format("%.3f", x))
							.collect(Collectors.joining(" ")));
				System.out.print(line);
				table.append(line);
			}
		}
		table.append("\nPeak resident memory of the JVM (VmHWM): ").append(ResidentMemory.peak()).append('\n');
		System.out.println(table);
		Path out = Files.createDirectories(Path.of("target", "benchmarks"));
		Files.writeString(out.resolve("tabular-defaults.md"), table);
	}

	private static String describe(Integer batch, Double lr, Integer epochs) {
		StringBuilder s = new StringBuilder();
		if (batch != null) {
			s.append("batchSize ").append(batch).append(' ');
		}
		if (lr != null) {
			s.append("learningRate ").append(lr).append(' ');
		}
		if (epochs != null) {
			s.append("epochs ").append(epochs);
		}
		return s.isEmpty() ? "model, datasetId only" : s.toString().strip();
	}

	private static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
