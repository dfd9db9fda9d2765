package dev.lantern.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One training-helper switch measured off against on in one JVM: two copies of a vision
 * network, built with the switch {@code false} and {@code true}, take training steps on
 * the same batch in turn (off-on, then on-off, and so on), and the table gives the median
 * elapsed and CPU time of each. Between separate runs a step's time on a 2-core machine
 * moves by more than most single changes gain; steps taken in turn in one process share
 * whatever the machine is doing.
 * <p>
 * {@code ./mvnw -B -Pbenchmark test -Dtest=TrainingSwitchBenchmark} with, optionally,
 * {@code -Dlantern.benchmark.switch=lantern.vision.onednn-relu} (any of the
 * {@code lantern.vision.onednn-*} switches), {@code .nets=resnet18}, {@code .batch=16},
 * {@code .size=224}, {@code .warmup=8}, {@code .repeats=30}. Prints a table and writes it
 * to {@code target/benchmarks/training-switch-benchmark.md}.
 */
class TrainingSwitchBenchmark {

	private final String property = setting("switch", "lantern.vision.onednn-relu");

	private final List<String> nets = Arrays.asList(setting("nets", "resnet18").split(","));

	private final int batch = Integer.parseInt(setting("batch", "16"));

	private final int size = Integer.parseInt(setting("size", "224"));

	private final int warmup = Integer.parseInt(setting("warmup", "8"));

	private final int repeats = Integer.parseInt(setting("repeats", "30"));

	@Test
	void switchOffAgainstOnInTurn() throws Exception {
		OneDnnHelpers.configure(true);
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		StringBuilder table = new StringBuilder();
		table.append(String.format("| net | %s | steps | elapsed (s) | fastest (s) | CPU (s) |%n", this.property));
		table.append("|---|---|---|---|---|---|\n");
		for (String net : this.nets) {
			measure(Architecture.of(net), table);
		}
		double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		String report = String.format(
				"TrainingSwitchBenchmark %s: batch %d at %d px, median of %d steps each after %d warm-up, "
						+ "taken in turn; %d processors, load average %.1f before, %.1f after%n%s",
				Instant.now(), this.batch, this.size, this.repeats, this.warmup,
				Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, table);
		System.out.println(report);
		Path directory = Files.createDirectories(Path.of("target", "benchmarks"));
		Files.writeString(directory.resolve("training-switch-benchmark.md"), report);
		assertThat(table.toString()).contains("| true |");
	}

	private void measure(Architecture architecture, StringBuilder table) {
		VisionNets nets = new VisionNets(new NetsProperties(null));
		ComputationGraph[] graphs = new ComputationGraph[2];
		for (int on = 0; on < 2; on++) {
			System.setProperty(this.property, String.valueOf(on == 1));
			try {
				graphs[on] = nets.create(NetSpec.of(architecture, 37, this.size)).graph();
			}
			finally {
				System.clearProperty(this.property);
			}
		}
		DataSet batch = BenchmarkImages.randomTrainingBatch(this.batch, this.size, 37);
		for (int i = 0; i < this.warmup; i++) {
			graphs[0].fit(batch);
			graphs[1].fit(batch);
		}
		double[][] elapsed = new double[2][this.repeats];
		double[][] cpu = new double[2][this.repeats];
		for (int i = 0; i < this.repeats; i++) {
			for (int turn = 0; turn < 2; turn++) {
				int on = (i % 2 == 0) ? turn : 1 - turn;
				long cpuStart = processCpuNanos();
				long start = System.nanoTime();
				graphs[on].fit(batch);
				elapsed[on][i] = (System.nanoTime() - start) / 1e9;
				cpu[on][i] = (processCpuNanos() - cpuStart) / 1e9;
			}
		}
		for (int on = 0; on < 2; on++) {
			table.append(String.format("| %s | %s | %d | %.3f | %.3f | %.3f |%n", architecture.id(), on == 1,
					this.repeats, median(elapsed[on]), Arrays.stream(elapsed[on]).min().orElse(0), median(cpu[on])));
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static String setting(String name, String fallback) {
		return System.getProperty("lantern.benchmark." + name, fallback);
	}

}
