package dev.lantern.system.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import org.bytedeco.javacpp.Pointer;

/**
 * How the native buffers of ND4J, libnd4j and oneDNN get their memory. They are allocated
 * with the C library's {@code malloc} outside the Java heap, many of them fresh for every
 * layer of every step; with 4 KiB pages the kernel faults in each page on first touch,
 * which doubled the time of a ResNet-18 training step on the CPU (see
 * docs/performance.md). glibc 2.35 and later asks for transparent huge pages when started
 * with {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1} and the host allows them on request
 * ({@code madvise}); with {@code always} every large allocation gets them anyway.
 *
 * @param transparentHugePages the host's mode: {@code always}, {@code madvise},
 * {@code never}, or null where it cannot be read (not Linux)
 * @param glibc the C library's version, or null where it is not glibc or not known
 * @param glibcTunables the {@code GLIBC_TUNABLES} this process was started with, or null
 * @param hugePages whether native buffers can get huge pages
 * @param advice what to change when they cannot, or null
 * @param maxPhysicalBytes JavaCPP's limit on the process's resident memory
 * ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes}; by default four times
 * {@code maxBytes}, 0 for none)
 * @param maxBytes JavaCPP's limit on the native memory it allocates
 * ({@code -Dorg.bytedeco.javacpp.maxBytes}; by default the JVM's maximum heap)
 * @param physicalBytes the process's resident memory now
 */
@Schema(description = "How native (off-heap) buffers get their memory pages")
public record NativeMemory(String transparentHugePages, String glibc, String glibcTunables, boolean hugePages,
		String advice, long maxPhysicalBytes, long maxBytes, long physicalBytes) {

	/** The tunable that asks glibc's malloc for transparent huge pages. */
	public static final String HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb=1";

	private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

	private static final Pattern SELECTED = Pattern.compile("\\[(\\w+)]");

	private static final Pattern GLIBC = Pattern.compile("glibc (\\d+)\\.(\\d+)");

	/** Read once: the process's C library does not change. */
	private static final String GLIBC_VERSION = glibcVersion();

	/** Reads this process's settings. */
	public static NativeMemory read() {
		return of(readMode(THP_MODE), GLIBC_VERSION, System.getenv("GLIBC_TUNABLES"), Pointer.maxPhysicalBytes(),
				Pointer.maxBytes(), Pointer.physicalBytes());
	}

	static NativeMemory of(String transparentHugePages, String glibc, String glibcTunables, long maxPhysicalBytes,
			long maxBytes, long physicalBytes) {
		boolean requested = requestsHugePages(glibcTunables);
		boolean understood = understandsHugePagesTunable(glibc);
		boolean hugePages = "always".equals(transparentHugePages)
				|| ("madvise".equals(transparentHugePages) && requested && understood);
		String advice = hugePages ? null : advice(transparentHugePages, glibc, requested, understood);
		return new NativeMemory(transparentHugePages, glibc, glibcTunables, hugePages, advice, maxPhysicalBytes,
				maxBytes, physicalBytes);
	}

	/** The selected mode of a {@code [always] madvise never} line, or null. */
	static String selectedMode(String line) {
		Matcher matcher = SELECTED.matcher(line);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** The version in what {@code getconf GNU_LIBC_VERSION} prints, or null. */
	static String parseGlibcVersion(String output) {
		Matcher matcher = GLIBC.matcher(output);
		return matcher.find() ? matcher.group(1) + "." + matcher.group(2) : null;
	}

	private static boolean understandsHugePagesTunable(String glibc) {
		if (glibc == null) {
			return false;
		}
		String[] parts = glibc.split("\\.");
		int major = Integer.parseInt(parts[0]);
		int minor = Integer.parseInt(parts[1]);
		return major > 2 || (major == 2 && minor >= 35);
	}

	private static boolean requestsHugePages(String tunables) {
		return tunables != null
				&& Arrays.stream(tunables.split(":")).map(String::trim).anyMatch(HUGE_PAGES_TUNABLE::equals);
	}

	private static String advice(String mode, String glibc, boolean requested, boolean understood) {
		if (mode == null) {
			return "transparent huge pages are unknown on this system: native buffers may use 4 KiB pages";
		}
		if (!"madvise".equals(mode)) {
			return "transparent huge pages are '" + mode
					+ "' on this host: native buffers use 4 KiB pages (set the host to madvise or always)";
		}
		if (!understood) {
			return "the C library (" + ((glibc != null) ? "glibc " + glibc : "not glibc 2.35 or later")
					+ ") cannot ask for huge pages: native buffers use 4 KiB pages unless the host's mode is always";
		}
		return requested ? null : "start the JVM with GLIBC_TUNABLES=" + HUGE_PAGES_TUNABLE
				+ " in its environment: native buffers use 4 KiB pages, and CPU training is about twice as slow";
	}

	private static String readMode(Path file) {
		try {
			return Files.isReadable(file) ? selectedMode(Files.readString(file)) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String glibcVersion() {
		try {
			Process process = new ProcessBuilder("getconf", "GNU_LIBC_VERSION").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return (process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0) ? parseGlibcVersion(output)
					: null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
