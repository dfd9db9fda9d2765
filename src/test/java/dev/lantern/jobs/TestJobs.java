package dev.lantern.jobs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the test job type did, shared by every application context of the test JVM (so
 * that two replicas in one JVM count into one place), and the gates tests open.
 */
final class TestJobs {

	private static final Map<UUID, AtomicInteger> starts = new ConcurrentHashMap<>();

	private static final List<String> labels = new CopyOnWriteArrayList<>();

	private static final Set<String> openGates = ConcurrentHashMap.newKeySet();

	private TestJobs() {
	}

	static void started(UUID id, String label) {
		starts.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		if (label != null) {
			labels.add(label);
		}
	}

	/** How many times the job was started, over all replicas. */
	static int starts(UUID id) {
		AtomicInteger count = starts.get(id);
		return (count != null) ? count.get() : 0;
	}

	/** The labels of the started jobs, in the order they started. */
	static List<String> labels() {
		return List.copyOf(labels);
	}

	static void open(String gate) {
		openGates.add(gate);
	}

	static boolean isOpen(String gate) {
		return openGates.contains(gate);
	}

	static void reset() {
		labels.clear();
	}

	/** Registers the test job types in an application context. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		StepsJobType stepsJobType() {
			return new StepsJobType();
		}

		@Bean
		FitJobType fitJobType() {
			return new FitJobType();
		}

	}

}
