package dev.lantern.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Python with Debian's {@code python3-torch} that benchmarks and fixture scripts run:
 * {@code /usr/bin/python3}, or {@code -Dlantern.benchmark.python=...}.
 * <p>
 * Debian's {@code python3-torch} multiplies matrices through whatever
 * {@code libblas.so.3} the system's alternatives select. Without an optimised BLAS
 * installed that is the reference BLAS, many times slower than what a PyTorch user gets,
 * so a comparison against it would flatter Lantern: {@link #unavailable} refuses it.
 */
public final class TorchPython {

	private TorchPython() {
	}

	/** The interpreter to run. */
	public static String path() {
		return System.getProperty("lantern.benchmark.python", "/usr/bin/python3");
	}

	/**
	 * Why these modules cannot be imported by {@link #path()}, or {@code null} when they
	 * can.
	 */
	public static String unavailable(String... modules) {
		String python = path();
		try {
			Process process = new ProcessBuilder(python, "-c", "import " + String.join(", ", modules))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				return "PyTorch not available in " + python + " (apt-get install python3-torch python3-torchvision): "
						+ output.strip().lines().reduce((a, b) -> b).orElse("");
			}
			String blas = blas();
			if (blas.contains("/blas/libblas.so")) {
				return "PyTorch in " + python + " multiplies matrices with the reference BLAS (" + blas
						+ "), not what a PyTorch user gets: apt-get install libopenblas0-pthread";
			}
			return null;
		}
		catch (IOException ex) {
			return "PyTorch not available: " + python + " cannot run (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/**
	 * The BLAS libraries PyTorch has loaded once it has multiplied two matrices (from the
	 * child's {@code /proc/self/maps}), separated by {@code ;}, or what went wrong.
	 */
	public static String blas() {
		String script = "import torch\n" + "torch.ones(64, 64) @ torch.ones(64, 64)\n"
				+ "libs = set(l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() or 'mkl' in l.lower())\n"
				+ "print(';'.join(sorted(libs)))\n";
		try {
			Process process = new ProcessBuilder(path(), "-c", script).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			return (process.waitFor() == 0) ? output
					: "unknown (" + output.lines().reduce((a, b) -> b).orElse("") + ")";
		}
		catch (IOException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown (interrupted)";
		}
	}

}
