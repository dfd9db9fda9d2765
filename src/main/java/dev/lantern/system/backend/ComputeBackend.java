package dev.lantern.system.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The ND4J backend this instance runs on, loaded once at startup: backend, native build,
 * devices, threads. Checks it against {@link BackendProperties}: when CUDA was expected
 * but the CPU loaded, either warns loudly or refuses to start.
 */
@Component
public class ComputeBackend {

	private static final Logger log = LoggerFactory.getLogger(ComputeBackend.class);

	private final String name;

	private final String nativeBuild;

	private final List<Device> devices;

	public ComputeBackend(BackendProperties properties) {
		Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
		this.name = Nd4j.getEnvironment().isCPU() ? "cpu" : "cuda";
		this.nativeBuild = nativeBuild();
		this.devices = List.copyOf(devices(environment));
		check(properties);
		log.info("ND4J backend {} ({}), devices {}", this.name, Nd4j.getBackend().getClass().getSimpleName(),
				this.devices.stream().map(Device::id).toList());
	}

	/** {@code cpu} or {@code cuda}. */
	public String name() {
		return this.name;
	}

	public boolean isCuda() {
		return "cuda".equals(this.name);
	}

	/** The devices work can be placed on: the GPUs, or the CPU as one device. */
	public List<Device> devices() {
		return this.devices;
	}

	/** What the report and the info endpoint show about the backend. */
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("backend", this.name);
		description.put("implementation", Nd4j.getBackend().getClass().getName());
		description.put("platform", org.bytedeco.javacpp.Loader.getPlatform());
		description.put("nativeBuild", this.nativeBuild);
		description.put("dataType", Nd4j.dataType().toString());
		return description;
	}

	/** Thread settings of ND4J and the JVM. */
	public Map<String, Object> threads() {
		Map<String, Object> threads = new LinkedHashMap<>();
		threads.put("availableProcessors", Runtime.getRuntime().availableProcessors());
		threads.put("nd4jMaxThreads", Nd4j.getEnvironment().maxThreads());
		threads.put("nd4jMaxMasterThreads", Nd4j.getEnvironment().maxMasterThreads());
		threads.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
		threads.put("OMP_WAIT_POLICY", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
		return threads;
	}

	/** The versions of the libraries that decide how models behave. */
	public Map<String, String> versions() {
		Map<String, String> versions = new LinkedHashMap<>();
		versions.put("java", Runtime.version().toString());
		versions.put("springBoot", org.springframework.boot.SpringBootVersion.getVersion());
		versions.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
		versions.put("deeplearning4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
		versions.put("javacpp", mavenVersion("org.bytedeco", "javacpp"));
		return versions;
	}

	private void check(BackendProperties properties) {
		BackendProperties.Expected expected = properties.expected();
		if (expected == BackendProperties.Expected.AUTO || expected.name().equalsIgnoreCase(this.name)) {
			return;
		}
		String message = "lantern.backend.expected is " + expected.name().toLowerCase() + " but ND4J loaded the "
				+ this.name + " backend";
		if (properties.onUnavailable() == BackendProperties.OnUnavailable.FAIL) {
			throw new IllegalStateException(message + " (lantern.backend.on-unavailable=fail)");
		}
		log.warn("!!! {}: running on {} instead (lantern.backend.on-unavailable=fallback) !!!", message, this.name);
	}

	private List<Device> devices(Properties environment) {
		List<Device> found = new ArrayList<>();
		if (!Nd4j.getEnvironment().isCPU()) {
			Object information = environment.get("cuda.devicesInformation");
			if (information instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					Map<?, ?> device = (Map<?, ?>) list.get(i);
					found.add(new Device("cuda:" + i, i, "cuda", String.valueOf(device.get("cuda.deviceName")),
							asLong(device.get("cuda.totalMemory")), asLong(device.get("cuda.freeMemory"))));
				}
			}
			if (found.isEmpty()) {
				int count = Nd4j.getAffinityManager().getNumberOfDevices();
				for (int i = 0; i < count; i++) {
					found.add(new Device("cuda:" + i, i, "cuda", "CUDA device " + i, null, null));
				}
			}
			return found;
		}
		long offHeapLimit = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
		found.add(new Device("cpu", 0, "cpu", cpuName(), (offHeapLimit > 0) ? offHeapLimit : null,
				asLong(environment.get("memory.free"))));
		return found;
	}

	private static String nativeBuild() {
		try {
			return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().strip();
		}
		catch (RuntimeException | LinkageError ex) {
			return "unknown";
		}
	}

	private static String cpuName() {
		Path cpuinfo = Path.of("/proc/cpuinfo");
		try {
			if (Files.isReadable(cpuinfo)) {
				for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
					if (line.startsWith("model name")) {
						return line.substring(line.indexOf(':') + 1).strip();
					}
				}
			}
		}
		catch (IOException ex) {
			// Fall through to the architecture.
		}
		return System.getProperty("os.arch");
	}

	private static Long asLong(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		try {
			return (value != null) ? Long.valueOf(value.toString()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String mavenVersion(String group, String artifact) {
		String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
		try (InputStream in = ComputeBackend.class.getResourceAsStream(resource)) {
			if (in == null) {
				return "unknown";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
