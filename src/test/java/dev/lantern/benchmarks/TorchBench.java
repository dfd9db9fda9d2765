package dev.lantern.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.lantern.support.TorchPython;

/**
 * Runs {@code benchmarks/torch_bench.py} with Debian's {@code python3-torch} (in
 * {@code /usr/bin/python3}, or {@code -Dlantern.benchmark.python=...}).
 */
final class TorchBench {

	private final String python;

	private TorchBench(String python) {
		this.python = python;
	}

	/** The PyTorch runner, or why there is none. */
	static Object find() {
		String unavailable = TorchPython.unavailable("torch", "torchvision", "PIL");
		return (unavailable != null) ? unavailable : new TorchBench(TorchPython.path());
	}

	/**
	 * Runs the script; the result maps "net operation" to the median seconds, plus
	 * "torch" and "threads".
	 */
	Map<String, String> run(List<String> nets, int batch, int size, int warmup, int repeats, Path jpeg)
			throws IOException, InterruptedException {
		Path script = Files.createTempFile("torch_bench", ".py");
		try (InputStream in = TorchBench.class.getResourceAsStream("/benchmarks/torch_bench.py")) {
			Files.write(script, in.readAllBytes());
		}
		List<String> command = new ArrayList<>(List.of(this.python, script.toString(), "--nets", String.join(",", nets),
				"--batch", String.valueOf(batch), "--size", String.valueOf(size), "--warmup", String.valueOf(warmup),
				"--repeats", String.valueOf(repeats), "--jpeg", jpeg.toString()));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Map<String, String> results = new HashMap<>();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
			throw new IllegalStateException("torch_bench.py failed:\n" + output);
		}
		for (String line : output.lines().toList()) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length == 3) {
				results.put(fields[0] + " " + fields[1], fields[2]);
			}
			else if (fields.length == 2) {
				results.put(fields[0], fields[1]);
			}
		}
		Files.deleteIfExists(script);
		return results;
	}

}
