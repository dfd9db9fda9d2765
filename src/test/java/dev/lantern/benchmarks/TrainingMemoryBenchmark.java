package dev.lantern.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peak memory of training vision networks against Lantern's estimate: each
 * configuration trains a few steps on random images in a JVM of its own
 * ({@link TrainingPeak}: a 1 GiB heap touched up front, JavaCPP's limits raised so they
 * do not force collections), and the peak resident set beyond the process's size before
 * the network was built is compared with the estimate, which must not be below it.
 * <p>
 * {@code ./mvnw -B -Pbenchmark test -Dtest=TrainingMemoryBenchmark} with, optionally,
 * {@code -Dlantern.benchmark.configs=resnet18:224:16:64,...} (architecture, image size,
 * batch size, width) and {@code -Dlantern.benchmark.steps=3}. Prints a table and writes
 * it to {@code target/benchmarks/training-memory.md}.
 */
class TrainingMemoryBenchmark {

	private final List<String> configs = Arrays.asList(System
		.getProperty("lantern.benchmark.configs",
				"resnet18:112:16:32,resnet18:224:16:64,resnet18:224:32:64,resnet34:224:16:64,resnet34:224:32:64")
		.split(","));

	private final int steps = Integer.parseInt(System.getProperty("lantern.benchmark.steps", "3"));

	@Test
	void theEstimateIsAtLeastTheMeasuredPeak() throws Exception {
		List<String> rows = new ArrayList<>();
		rows.add("| network | image | batch | width | estimate | measured peak | estimate / peak | s per step |");
		rows.add("|---|---|---|---|---|---|---|---|");
		List<String> under = new ArrayList<>();
		for (String config : this.configs) {
			String[] parts = config.split(":");
			Map<String, String> peak = run(parts);
			long estimate = Long.parseLong(peak.get("estimate"));
			long measured = Long.parseLong(peak.get("peakOverBaseline"));
			rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f GB | %.2f GB | %.2f | %s |", parts[0],
					parts[1], parts[2], parts[3], estimate / 1e9, measured / 1e9, estimate / (double) measured,
					peak.get("secondsPerStep")));
			if (estimate < measured) {
				under.add(config);
			}
		}
		String table = String.join("\n", rows) + "\n";
		System.out.println(table);
		Path out = Path.of("target/benchmarks/training-memory.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, table);
		assertThat(under).as("configurations whose estimate is below the measured peak").isEmpty();
	}

	private Map<String, String> run(String[] config) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms1g", "-Xmx1g",
						"-XX:+AlwaysPreTouch", "-Dorg.bytedeco.javacpp.maxbytes=20G",
						"-Dorg.bytedeco.javacpp.maxphysicalbytes=22G", "-cp", System.getProperty("java.class.path"),
						TrainingPeak.class.getName()));
		command.addAll(Arrays.asList(config));
		command.add(String.valueOf(this.steps));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		String line = output.lines()
			.filter((candidate) -> candidate.startsWith("PEAK "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No PEAK line in:\n" + output));
		Map<String, String> fields = new LinkedHashMap<>();
		for (String field : line.substring(5).split(" ")) {
			String[] pair = field.split("=", 2);
			fields.put(pair[0], pair[1]);
		}
		return fields;
	}

}
