package dev.lantern.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Python with Debian's {@code python3-torch} that benchmarks and fixture scripts run:
 * {@code /usr/bin/python3}, or {@code -Dlantern.benchmark.python=...}.
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

}
