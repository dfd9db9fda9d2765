package dev.lantern.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.tabular.TabularBenchmarkSupport;

/**
 * Trains the Rossmann model on generated data and reports training and prediction
 * throughput and RMSPE against the known floor. Run with
 * {@code ./mvnw -B -Pbenchmark test -Dtest=TabularBenchmark}; sizes through system
 * properties, for example {@code -Dbench.stores=1115 -Dbench.days=900} (the defaults, the
 * size of Kaggle's data), {@code -Dbench.layers=1000,500}, {@code -Dbench.epochs=5},
 * {@code -Dbench.batch=512}, {@code -Dbench.lr=1e-3}. The table is printed and written to
 * {@code target/benchmarks/tabular.md}, with the JVM's peak resident set ({@code VmHWM})
 * and the sampled peaks of heap use and of ND4J's native bytes
 * ({@code -Dbench.memory-trace=true} prints every sample).
 */
class TabularBenchmark {

	@TempDir
	Path directory;

	@Test
	void rossmann() throws Exception {
		int stores = Integer.getInteger("bench.stores", 1115);
		int days = Integer.getInteger("bench.days", 900);
		double sigma = Double.parseDouble(System.getProperty("bench.sigma", "0.1"));
		List<Integer> layers = Arrays.stream(System.getProperty("bench.layers", "1000,500").split(","))
			.map(String::strip)
			.map(Integer::valueOf)
			.toList();
		int epochs = Integer.getInteger("bench.epochs", 5);
		int batch = Integer.getInteger("bench.batch", 512);
		double lr = Double.parseDouble(System.getProperty("bench.lr", "1e-3"));
		int validDays = Integer.getInteger("bench.validDays", 48);
		long start = System.nanoTime();
		Map<String, Object> figures;
		ResidentMemory.Sampler memory = ResidentMemory.sample(Long.getLong("bench.memory-period-ms", 5000),
				Boolean.getBoolean("bench.memory-trace"));
		try (memory) {
			figures = TabularBenchmarkSupport.run(this.directory, stores, days, sigma, layers, epochs, batch, lr,
					validDays);
		}
		figures.put("elapsed_s", (System.nanoTime() - start) / 1e9);
		figures.put("peak_rss", ResidentMemory.peak());
		figures.put("peak_heap_used_sampled", ResidentMemory.gib(memory.peakHeapUsed()));
		figures.put("peak_javacpp_bytes_sampled", ResidentMemory.gib(memory.peakNativeBytes()));
		StringBuilder table = new StringBuilder();
		table.append("# Tabular benchmark, ").append(Instant.now()).append("\n\n");
		table.append(String.format("Settings: %d stores x %d days, sigma %s, layers %s, %d epochs, batch %d, lr %s, "
				+ "%d validation days, %d cores, load average %.1f at the end, max heap %s, OMP_WAIT_POLICY=%s%n%n",
				stores, days, sigma, layers, epochs, batch, lr, validDays, Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
				ResidentMemory.gib(Runtime.getRuntime().maxMemory()), System.getenv("OMP_WAIT_POLICY")));
		table.append("| figure | value |\n|---|---|\n");
		figures.forEach((name, value) -> {
			if (!"history".equals(name)) {
				table.append("| ").append(name).append(" | ").append(format(value)).append(" |\n");
			}
		});
		table.append("\n");
		((List<?>) figures.get("history")).forEach((line) -> table.append("- ").append(line).append('\n'));
		System.out.println(table);
		Path out = Path.of("target", "benchmarks");
		Files.createDirectories(out);
		Files.writeString(out.resolve("tabular.md"), table);
	}

	private static String format(Object value) {
		return (value instanceof Double number) ? String.format("%.4f", number) : String.valueOf(value);
	}

}
