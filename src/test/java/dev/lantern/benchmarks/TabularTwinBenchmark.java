package dev.lantern.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.support.TorchPython;
import dev.lantern.tabular.TabularTwinSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lantern's Rossmann network against a PyTorch twin of it (fastai v1's
 * {@code TabularModel} with the same embedding sizes, embedding dropout, BatchNorm on the
 * continuous columns, hidden layers, y range and optimiser; the same batch size, rows and
 * repetitions), in the same run: training rows per second, prediction rows per second
 * through the network only, and (Lantern) with feature processing, plus each process's
 * peak resident memory. PyTorch runs twice as a child process: with the environment as
 * is, and with {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} removed from the
 * child's environment only (what a PyTorch user gets on a machine that does not set
 * them). The benchmark fails when the two networks' parameter counts differ.
 * <p>
 * {@code ./mvnw -B -Pbenchmark test -Dtest=TabularTwinBenchmark} with, optionally,
 * {@code -Dlantern.benchmark.stores=1115}, {@code .days=120} (the generated data; the
 * columns' cardinalities follow from it), {@code .rows=102400} (training rows per epoch),
 * {@code .predictRows=32768}, {@code .batch=512}, {@code .layers=1000,500},
 * {@code .warmup=10} (untimed training steps), {@code .repeats=5} (timed epochs and
 * prediction passes, median reported), {@code .torch=true},
 * {@code .python=/usr/bin/python3}. Prints a table and writes it to
 * {@code target/benchmarks/tabular-twin.md}.
 */
class TabularTwinBenchmark {

	private static final List<String> FIGURES = List.of("train_rows_per_s", "train_rows_per_s_dl4j_fit",
			"predict_rows_per_s", "predict_rows_per_s_dl4j_graph", "predict_rows_per_s_with_features");

	@TempDir
	Path directory;

	private final int stores = Integer.parseInt(setting("stores", "1115"));

	private final int days = Integer.parseInt(setting("days", "120"));

	private final int rows = Integer.parseInt(setting("rows", "102400"));

	private final int predictRows = Integer.parseInt(setting("predictRows", "32768"));

	private final int batch = Integer.parseInt(setting("batch", "512"));

	private final List<Integer> layers = Arrays.stream(setting("layers", "1000,500").split(","))
		.map(String::strip)
		.map(Integer::valueOf)
		.toList();

	private final int warmup = Integer.parseInt(setting("warmup", "10"));

	private final int repeats = Integer.parseInt(setting("repeats", "5"));

	private final boolean torch = Boolean.parseBoolean(setting("torch", "true"));

	@Test
	void rossmannAgainstPyTorch() throws Exception {
		assertThat(this.stores).isBetween(1, 5000);
		assertThat(this.days).isBetween(30, 2000);
		assertThat(this.rows).isBetween(this.batch * 2, 5_000_000);
		assertThat(this.predictRows).isBetween(1, 5_000_000);
		assertThat(this.batch).isBetween(2, 65_536);
		assertThat(this.repeats).isBetween(1, 50);
		assertThat(this.warmup).isBetween(1, 10_000);
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		List<Double> ps = new ArrayList<>();
		for (int i = 0; i < this.layers.size(); i++) {
			// The lesson's ps=[0.001, 0.01], emb_drop=0.04.
			ps.add((i == 0) ? 0.001 : 0.01);
		}
		TabularTwinSupport.Measured lantern = TabularTwinSupport.run(this.directory, this.stores, this.days,
				this.layers, ps, 0.04, this.batch, this.rows, this.predictRows, this.warmup, this.repeats);
		String lanternPeak = peakResident();
		Map<String, Map<String, String>> twins = new LinkedHashMap<>();
		String torchNote = "";
		String unavailable = this.torch ? TorchPython.unavailable("torch")
				: "skipped (-Dlantern.benchmark.torch=false)";
		if (unavailable == null) {
			String python = TorchPython.path();
			twins.put("PyTorch (env as is)", runTwin(python, lantern, ps, false));
			twins.put("PyTorch (OPENBLAS_* unset)", runTwin(python, lantern, ps, true));
			Map<String, String> first = twins.values().iterator().next();
			torchNote = "PyTorch " + first.get("torch") + ", " + first.get("threads") + " thread(s), BLAS "
					+ TorchPython.blas();
		}
		else {
			torchNote = "PyTorch: " + unavailable;
		}
		double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		String table = table(lantern, lanternPeak, twins, torchNote, loadBefore, loadAfter);
		System.out.println(table);
		Path out = Files.createDirectories(Path.of("target", "benchmarks"));
		Files.writeString(out.resolve("tabular-twin.md"), table);
		for (Map<String, String> twin : twins.values()) {
			assertThat(Long.parseLong(twin.get("parameters"))).as("PyTorch twin's parameters (running stats included)")
				.isEqualTo(lantern.parameters());
			assertThat(Long.parseLong(twin.get("trainable"))).as("PyTorch twin's trainable parameters")
				.isEqualTo(lantern.trainable());
		}
	}

	private Map<String, String> runTwin(String python, TabularTwinSupport.Measured lantern, List<Double> ps,
			boolean unsetOpenBlas) throws IOException, InterruptedException {
		Path script = Files.createTempFile(this.directory, "torch_tabular", ".py");
		try (InputStream in = TabularTwinBenchmark.class.getResourceAsStream("/benchmarks/torch_tabular.py")) {
			Files.write(script, in.readAllBytes());
		}
		List<String> command = List.of(python, script.toString(), "--cardinalities",
				lantern.cardinalities().stream().map(String::valueOf).collect(Collectors.joining(",")), "--continuous",
				String.valueOf(lantern.continuous()), "--layers",
				this.layers.stream().map(String::valueOf).collect(Collectors.joining(",")), "--ps",
				ps.stream().map(String::valueOf).collect(Collectors.joining(",")), "--emb-drop", "0.04", "--y-max",
				String.valueOf(lantern.yMax()), "--batch", String.valueOf(this.batch), "--rows",
				String.valueOf(this.rows), "--predict-rows", String.valueOf(this.predictRows), "--warmup",
				String.valueOf(this.warmup), "--repeats", String.valueOf(this.repeats));
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		if (unsetOpenBlas) {
			// The child's environment only; this JVM's stays as it is.
			builder.environment().remove("OPENBLAS_CORETYPE");
			builder.environment().remove("OPENBLAS_L2_SIZE");
		}
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(1, TimeUnit.HOURS) || process.exitValue() != 0) {
			throw new IllegalStateException("torch_tabular.py failed:\n" + output);
		}
		Map<String, String> results = new LinkedHashMap<>();
		for (String line : output.lines().toList()) {
			String[] fields = line.trim().split("\\s+", 2);
			if (fields.length == 2) {
				results.put(fields[0], fields[1]);
			}
		}
		return results;
	}

	private String table(TabularTwinSupport.Measured lantern, String lanternPeak,
			Map<String, Map<String, String>> twins, String torchNote, double loadBefore, double loadAfter) {
		List<String> lines = new ArrayList<>();
		lines.add("TabularTwinBenchmark " + Instant.now() + ": Rossmann " + this.stores + " stores x " + this.days
				+ " days, layers " + this.layers + ", batch " + this.batch + ", " + this.rows
				+ " training rows per epoch (" + this.warmup + " warm-up steps), " + this.predictRows
				+ " rows predicted in chunks of 4096, median of " + this.repeats + "; " + torchNote);
		lines.add(Runtime.getRuntime().availableProcessors() + " processors, load average "
				+ String.format("%.1f", loadBefore) + " before, " + String.format("%.1f", loadAfter)
				+ " after; OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY") + ", OPENBLAS_CORETYPE="
				+ System.getenv("OPENBLAS_CORETYPE") + ", OPENBLAS_L2_SIZE=" + System.getenv("OPENBLAS_L2_SIZE")
				+ ", GLIBC_TUNABLES=" + System.getenv("GLIBC_TUNABLES") + " (PyTorch inherits all but OPENBLAS_*)");
		lines.add("Parameters: Lantern " + lantern.parameters() + " (" + lantern.trainable() + " trainable)"
				+ twins.entrySet()
					.stream()
					.map((twin) -> "; " + twin.getKey() + " " + twin.getValue().get("parameters") + " ("
							+ twin.getValue().get("trainable") + " trainable)")
					.collect(Collectors.joining()));
		lines.add("Embedding cardinalities " + lantern.cardinalities() + ", " + lantern.continuous()
				+ " continuous columns");
		lines.add("");
		StringBuilder header = new StringBuilder("| figure (rows/s) | Lantern |");
		StringBuilder rule = new StringBuilder("|---|---|");
		for (String name : twins.keySet()) {
			header.append(' ').append(name).append(" | Lantern / it |");
			rule.append("---|---|");
		}
		lines.add(header.toString());
		lines.add(rule.toString());
		for (String figure : FIGURES) {
			double ours = lantern.figures().get(figure);
			StringBuilder row = new StringBuilder("| " + figure + " | " + String.format("%.0f", ours) + " |");
			for (Map<String, String> twin : twins.values()) {
				// PyTorch's training and prediction are compared with both of Lantern's
				// paths.
				String theirs = twin.get(figure.replace("_dl4j_graph", "").replace("_dl4j_fit", ""));
				row.append(' ')
					.append((theirs != null) ? String.format("%.0f", Double.parseDouble(theirs)) : "-")
					.append(" | ")
					.append((theirs != null) ? String.format("%.2fx", ours / Double.parseDouble(theirs)) : "-")
					.append(" |");
			}
			lines.add(row.toString());
		}
		StringBuilder peak = new StringBuilder("| peak resident memory | " + lanternPeak + " (JVM) |");
		for (Map<String, String> twin : twins.values()) {
			String kib = twin.get("peak_rss_kib");
			peak.append(' ')
				.append((kib != null) ? String.format("%.0f MiB", Long.parseLong(kib) / 1024.0) : "-")
				.append(" | |");
		}
		lines.add(peak.toString());
		return String.join("\n", lines) + "\n";
	}

	/** This JVM's peak resident set (VmHWM), where Linux reports it. */
	private static String peakResident() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("VmHWM:"))
				.map((line) -> String.format("%.0f MiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0))
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String setting(String name, String fallback) {
		return System.getProperty("lantern.benchmark." + name, fallback);
	}

}
