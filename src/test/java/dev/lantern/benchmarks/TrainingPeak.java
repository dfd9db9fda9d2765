package dev.lantern.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.training.TrainingFootprint;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

/**
 * Measures the peak memory of a few training steps of one vision network in a JVM of its
 * own, against Lantern's estimate: run by {@link TrainingMemoryBenchmark}, one process
 * per configuration (the peak resident set is process-wide). Arguments: architecture,
 * image size, batch size, width, steps. Prints one line starting with {@code PEAK}.
 */
public final class TrainingPeak {

	private TrainingPeak() {
	}

	public static void main(String[] args) throws Exception {
		Architecture architecture = Architecture.of(args[0]);
		int size = Integer.parseInt(args[1]);
		int batch = Integer.parseInt(args[2]);
		int width = Integer.parseInt(args[3]);
		int steps = Integer.parseInt(args[4]);
		boolean oneDnn = args.length < 6 || Boolean.parseBoolean(args[5]);
		OneDnnHelpers.configure(oneDnn);
		VisionNets nets = new VisionNets(new NetsProperties(null));
		NetSpec spec = NetSpec.of(architecture, 37, size).withBaseWidth(width);
		TrainingFootprint estimate = nets.footprint(spec, batch);
		DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, size, size),
				Nd4j.eye(37)
					.getRows(java.util.stream.IntStream.range(0, batch).map((i) -> i % 37).toArray())
					.castTo(DataType.FLOAT));
		System.gc();
		long baseline = rss();
		AtomicLong peak = new AtomicLong(baseline);
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peak.accumulateAndGet(Pointer.physicalBytes(), Math::max);
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		VisionNet net = nets.create(spec, false);
		ComputationGraph graph = net.graph();
		long seconds = 0;
		for (int step = 0; step < steps; step++) {
			long start = System.nanoTime();
			graph.fit(data);
			seconds += System.nanoTime() - start;
		}
		sampler.interrupt();
		sampler.join();
		long hwm = hwm();
		System.out.println(String.format(Locale.ROOT,
				"PEAK onednn=%s architecture=%s size=%d batch=%d width=%d steps=%d estimate=%d parameterBytes=%d batchBytes=%d "
						+ "baselineRss=%d peakRss=%d vmHwm=%d peakOverBaseline=%d secondsPerStep=%.1f",
				oneDnn, architecture.id(), size, batch, width, steps, estimate.bytes(), estimate.parameterBytes(),
				estimate.batchBytes(), baseline, peak.get(), hwm, Math.max(peak.get(), hwm) - baseline,
				seconds / 1e9 / steps));
		System.exit(0);
	}

	private static long rss() {
		return Pointer.physicalBytes();
	}

	/** The process's peak resident set, from /proc (the kernel's own high-water mark). */
	private static long hwm() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return -1;
	}

}
