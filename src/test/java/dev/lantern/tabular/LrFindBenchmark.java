package dev.lantern.tabular;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.benchmarks.ResidentMemory;
import dev.lantern.training.LearningRate;

/**
 * The README's Rossmann sample (50 stores x 600 days, sigma 0.1, seed 1) trained with a
 * spec naming only the model and the dataset, and the same with
 * {@code "learningRate": "auto"}: validation RMSPE against the floor. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=LrFindBenchmark}.
 */
class LrFindBenchmark {

	@TempDir
	Path directory;

	@Test
	void defaultsAgainstAuto() throws Exception {
		Map<String, Object> defaults = TabularBenchmarkSupport.runDefaults(this.directory.resolve("defaults"), 50, 600,
				1, null, (LearningRate) null, null);
		System.out.println("LrFindBenchmark defaults: " + defaults);
		Map<String, Object> auto = TabularBenchmarkSupport.runDefaults(this.directory.resolve("auto"), 50, 600, 1, null,
				LearningRate.AUTO, null);
		System.out.println("LrFindBenchmark auto: " + auto);
		System.out.println("LrFindBenchmark peak resident memory of the JVM (VmHWM): " + ResidentMemory.peak());
	}

}
