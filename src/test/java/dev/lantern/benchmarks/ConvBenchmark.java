package dev.lantern.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import dev.lantern.support.TorchPython;
import dev.lantern.system.backend.onednn.LayerHelperState;
import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.system.backend.onednn.OneDnnLayers;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lantern's vision networks against PyTorch on the same networks, in the same run:
 * forward pass, forward pass with BatchNorm folded into the convolutions (ResNet-18/34;
 * compared with PyTorch's plain forward), training step (forward, backward, AdamW update)
 * and end-to-end classify (decode a JPEG, resize, crop, normalize, forward through the
 * network as served, BatchNorm folded for ResNet-18/34) of a batch, median of a few
 * repetitions after warm-up.
 * <p>
 * {@code ./mvnw -B -Pbenchmark test -Dtest=ConvBenchmark} with, optionally,
 * {@code -Dlantern.benchmark.nets=resnet18,resnet34,resnet50}, {@code .batch=16},
 * {@code .size=224}, {@code .warmup=10}, {@code .repeats=5}, {@code .onednn=true} (false
 * measures DL4J's built-in path), {@code .torch=true} (false skips PyTorch),
 * {@code .operations=forward,forward-fused,train,classify},
 * {@code .python=/usr/bin/python3}. For the training step the table also gives the median
 * CPU time of the whole process, steadier than the elapsed time on a busy machine, its
 * system (kernel) part and minor page faults (fresh pages faulted in and zeroed), and
 * PyTorch's CPU time with the ratio of the two. Prints a table and writes it to
 * {@code target/benchmarks/conv-benchmark.md}.
 */
class ConvBenchmark {

	private static final List<String> OPERATIONS = List.of("forward", "forward-fused", "train", "classify");

	private final List<String> nets = Arrays.asList(setting("nets", "resnet18,resnet34,resnet50").split(","));

	private final int batch = Integer.parseInt(setting("batch", "16"));

	private final int size = Integer.parseInt(setting("size", "224"));

	/** Two: DL4J sizes its workspaces over the first iterations. */
	private final int warmup = Integer.parseInt(setting("warmup", "10"));

	private final int repeats = Integer.parseInt(setting("repeats", "5"));

	private final List<String> operations = Arrays
		.asList(setting("operations", String.join(",", OPERATIONS)).split(","));

	private final boolean oneDnn = Boolean.parseBoolean(setting("onednn", "true"));

	private final boolean torch = Boolean.parseBoolean(setting("torch", "true"));

	/** Median CPU seconds of the process per training step. */
	private final Map<String, Double> cpu = new LinkedHashMap<>();

	/** Median system (kernel) CPU seconds of the process per training step. */
	private final Map<String, Double> systemCpu = new LinkedHashMap<>();

	/** Median minor page faults of the process per training step. */
	private final Map<String, Double> faults = new LinkedHashMap<>();

	@Test
	void convolutionNetworksAgainstPyTorch() throws Exception {
		OneDnnHelpers.configure(this.oneDnn);
		Path directory = Files.createDirectories(Path.of("target", "benchmarks"));
		byte[] jpeg = BenchmarkImages.sampleJpeg();
		Path jpegFile = Files.write(directory.resolve("sample.jpg"), jpeg);
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

		Map<String, Double> lantern = new LinkedHashMap<>();
		Map<String, String> helpers = new LinkedHashMap<>();
		for (String net : this.nets) {
			measure(Architecture.of(net), jpeg, lantern, helpers);
		}
		Map<String, String> pytorch = Map.of();
		String torchNote;
		Object runner = this.torch ? TorchBench.find() : "skipped (-Dlantern.benchmark.torch=false)";
		if (runner instanceof TorchBench bench) {
			pytorch = bench.run(this.nets, this.batch, this.size, this.warmup, this.repeats, jpegFile);
			torchNote = "PyTorch " + pytorch.get("torch") + ", " + pytorch.get("threads")
					+ " threads, peak resident memory of the PyTorch process (VmHWM) "
					+ ResidentMemory.gibOfKilobytes(pytorch.get("maxrss_kb")) + ", BLAS " + TorchPython.blas();
		}
		else {
			torchNote = runner.toString();
		}
		double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

		String table = table(lantern, pytorch, helpers, torchNote, loadBefore, loadAfter);
		System.out.println(table);
		Files.writeString(directory.resolve("conv-benchmark.md"), table);
		assertThat(lantern).isNotEmpty();
	}

	private void measure(Architecture architecture, byte[] jpeg, Map<String, Double> results,
			Map<String, String> helpers) {
		VisionNets nets = new VisionNets(new NetsProperties(null));
		VisionNet net = nets.create(NetSpec.of(architecture, 37, this.size));
		ComputationGraph graph = net.graph();
		DataSet trainingBatch = BenchmarkImages.randomTrainingBatch(this.batch, this.size, 37);
		INDArray images = trainingBatch.getFeatures();
		String id = architecture.id();
		if (this.operations.contains("forward")) {
			results.put(id + " forward", median(() -> graph.output(false, images)[0].close()));
		}
		if (this.operations.contains("forward-fused") && VisionNets.fuses(architecture)) {
			ComputationGraph fused = nets.fusedForInference(net);
			results.put(id + " forward-fused", median(() -> fused.output(false, images)[0].close()));
		}
		if (this.operations.contains("train")) {
			results.put(id + " train", medianWithCpu(id + " train", () -> graph.fit(trainingBatch)));
		}
		if (this.operations.contains("classify")) {
			// As served: ResNet-18/34 versions run with their BatchNorms folded
			// (VisionModelFormat).
			ComputationGraph served = (VisionNets.fuses(architecture)) ? nets.fusedForInference(net) : graph;
			results.put(id + " classify",
					median(() -> served.output(false, BenchmarkImages.batch(jpeg, this.batch, this.size))[0].close()));
		}
		List<LayerHelperState> states = OneDnnLayers.inspect(graph);
		helpers.put(id, states.stream().filter(LayerHelperState::active).count() + "/" + states.size());
	}

	/**
	 * The median elapsed time; the median CPU time of the process is kept for the table
	 * under {@code key} unless it is null.
	 */
	private double medianWithCpu(String key, Runnable operation) {
		for (int i = 0; i < this.warmup; i++) {
			operation.run();
		}
		double[] seconds = new double[this.repeats];
		double[] cpuSeconds = new double[this.repeats];
		double[] systemSeconds = new double[this.repeats];
		double[] minorFaults = new double[this.repeats];
		for (int i = 0; i < this.repeats; i++) {
			long[] statStart = ProcessStat.read();
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			operation.run();
			seconds[i] = (System.nanoTime() - start) / 1e9;
			cpuSeconds[i] = (processCpuNanos() - cpuStart) / 1e9;
			long[] statEnd = ProcessStat.read();
			if (statStart != null && statEnd != null) {
				minorFaults[i] = statEnd[0] - statStart[0];
				systemSeconds[i] = (statEnd[1] - statStart[1]) / ProcessStat.TICKS_PER_SECOND;
			}
			else {
				minorFaults[i] = Double.NaN;
				systemSeconds[i] = Double.NaN;
			}
		}
		if (key != null) {
			this.cpu.put(key, median(cpuSeconds));
			this.systemCpu.put(key, median(systemSeconds));
			this.faults.put(key, median(minorFaults));
		}
		return median(seconds);
	}

	/**
	 * The CPU time of the whole process (all threads, native ones included): less
	 * sensitive to other work on the machine than the elapsed time.
	 */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private double median(double[] seconds) {
		Arrays.sort(seconds);
		return (this.repeats % 2 == 1) ? seconds[this.repeats / 2]
				: (seconds[this.repeats / 2 - 1] + seconds[this.repeats / 2]) / 2;
	}

	private double median(Runnable operation) {
		return medianWithCpu(null, operation);
	}

	private String table(Map<String, Double> lantern, Map<String, String> pytorch, Map<String, String> helpers,
			String torchNote, double loadBefore, double loadAfter) {
		List<String> lines = new ArrayList<>();
		lines.add("ConvBenchmark " + Instant.now() + ": batch " + this.batch + " at " + this.size + " px, median of "
				+ this.repeats + " after " + this.warmup + " warm-up; oneDNN " + (this.oneDnn ? "on" : "off") + "; "
				+ torchNote);
		lines.add(Runtime.getRuntime().availableProcessors() + " processors, load average " + format(loadBefore)
				+ " before, " + format(loadAfter) + " after; peak resident memory of the JVM " + ResidentMemory.peak()
				+ "; OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY") + ", GLIBC_TUNABLES="
				+ System.getenv("GLIBC_TUNABLES") + ", LD_PRELOAD=" + System.getenv("LD_PRELOAD"));
		lines.add("");
		lines.add("| net | operation | Lantern (s) | PyTorch (s) | Lantern / PyTorch | oneDNN layers | Lantern CPU (s)"
				+ " | of which system (s) | page faults | PyTorch CPU (s) | CPU ratio |");
		lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
		for (String net : this.nets) {
			for (String operation : OPERATIONS) {
				String key = Architecture.of(net).id() + " " + operation;
				if (!lantern.containsKey(key)) {
					continue;
				}
				double ours = lantern.get(key);
				// PyTorch runs the unfused network; the fused row compares against its
				// forward.
				String theirs = pytorch.get(key.replace("forward-fused", "forward"));
				String ratio = (theirs != null) ? String.format("%.2fx", ours / Double.parseDouble(theirs)) : "-";
				String theirCpu = pytorch.get(key + "-cpu");
				Double ourCpu = this.cpu.get(key);
				String cpuRatio = (theirCpu != null && ourCpu != null)
						? String.format("%.2fx", ourCpu / Double.parseDouble(theirCpu)) : "-";
				lines.add("| " + net + " | " + operation + " | " + String.format("%.3f", ours) + " | "
						+ ((theirs != null) ? theirs : "-") + " | " + ratio + " | "
						+ helpers.get(Architecture.of(net).id()) + " | " + format3(ourCpu) + " | "
						+ format3(this.systemCpu.get(key)) + " | "
						+ ((this.faults.containsKey(key) && !this.faults.get(key).isNaN())
								? String.format("%.0f", this.faults.get(key)) : "-")
						+ " | " + ((theirCpu != null && ourCpu != null) ? theirCpu : "-") + " | " + cpuRatio + " |");
			}
		}
		return String.join("\n", lines) + "\n";
	}

	private static String format3(Double seconds) {
		return (seconds != null && !seconds.isNaN()) ? String.format("%.3f", seconds) : "-";
	}

	private static String format(double load) {
		return String.format("%.1f", load);
	}

	private static String setting(String name, String fallback) {
		return System.getProperty("lantern.benchmark." + name, fallback);
	}

}
