package dev.lantern.models.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.ServableModel;
import dev.lantern.system.backend.Device;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory-bounded cache of loaded versions, {@link LoadedVersions}. */
class InferenceCacheTests {

	private static final InferenceProperties PROPERTIES = new InferenceProperties(DataSize.ofKilobytes(1),
			DataSize.ofGigabytes(1), 1, 8, Duration.ofMillis(1), 4, Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1));

	private final InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());

	private final List<WorkerGroup> groups = new ArrayList<>();

	@AfterEach
	void stopWorkers() {
		this.groups.forEach(WorkerGroup::shutdown);
	}

	@Test
	void theLeastRecentlyUsedVersionsAreUnloadedBeyondTheBound() {
		LoadedVersions loaded = new LoadedVersions(300, Duration.ZERO);
		WorkerGroup a = load(loaded, "a", 100);
		WorkerGroup b = load(loaded, "b", 100);
		WorkerGroup c = load(loaded, "c", 100);
		assertThat(loaded.bytes()).isEqualTo(300);
		load(loaded, "a", 100);
		WorkerGroup d = load(loaded, "d", 100);
		assertThat(b.isClosed()).isTrue();
		assertThat(loaded.peek(key("b"))).isNull();
		assertThat(loaded.groups()).containsExactly(c, a, d);
		assertThat(a.isClosed()).isFalse();
		assertThat(loaded.bytes()).isEqualTo(300);
		WorkerGroup big = load(loaded, "big", 250);
		assertThat(loaded.groups()).containsExactly(big);
		assertThat(List.of(a, c, d)).allMatch(WorkerGroup::isClosed);
		assertThat(loaded.bytes()).isEqualTo(250);
	}

	@Test
	void aVersionLoadsOnceAndAFailedLoadIsTriedAgain() {
		LoadedVersions loaded = new LoadedVersions(1000, Duration.ZERO);
		AtomicInteger loads = new AtomicInteger();
		CompletableFuture<WorkerGroup> failed = loaded.get(key("flaky"), () -> {
			loads.incrementAndGet();
			throw new IllegalStateException("store unavailable");
		}, Runnable::run);
		assertThat(failed).isCompletedExceptionally();
		WorkerGroup group = load(loaded, "flaky", 10, loads);
		assertThat(load(loaded, "flaky", 10, loads)).isSameAs(group);
		assertThat(loads).hasValue(2);
	}

	@Test
	void idleVersionsAreUnloaded() throws InterruptedException {
		// Loading "busy" (a worker thread, two gauges) must take less than the idle time,
		// also on a loaded machine.
		LoadedVersions loaded = new LoadedVersions(1000, Duration.ofMillis(400));
		WorkerGroup idle = load(loaded, "idle", 10);
		Thread.sleep(900);
		WorkerGroup busy = load(loaded, "busy", 10);
		loaded.unloadIdle();
		assertThat(idle.isClosed()).isTrue();
		assertThat(loaded.groups()).containsExactly(busy);
	}

	@Test
	void aWorkerGroupHoldsOneCopyPerWorker() {
		InferenceProperties twoWorkers = new InferenceProperties(DataSize.ofKilobytes(1), DataSize.ofGigabytes(1), 2, 8,
				Duration.ofMillis(1), 4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
				Duration.ZERO, Duration.ofSeconds(1));
		FakeModel model = new FakeModel(100);
		WorkerGroup group = new WorkerGroup(info("copied"), model,
				ActivationBudget.of(model, new VersionKey("copied", 1), twoWorkers),
				List.of(new Device("cpu", 0, "cpu", "test", null, null)), twoWorkers, this.metrics);
		this.groups.add(group);
		assertThat(group.workers()).isEqualTo(2);
		assertThat(group.estimatedBytes()).isEqualTo(200);
		assertThat(model.copies).hasValue(2);
	}

	private WorkerGroup load(LoadedVersions loaded, String name, long bytes) {
		return load(loaded, name, bytes, new AtomicInteger());
	}

	private WorkerGroup load(LoadedVersions loaded, String name, long bytes, AtomicInteger loads) {
		return loaded.get(key(name), () -> {
			loads.incrementAndGet();
			FakeModel model = new FakeModel(bytes);
			WorkerGroup group = new WorkerGroup(info(name), model,
					ActivationBudget.of(model, new VersionKey(name, 1), PROPERTIES),
					List.of(new Device("cpu", 0, "cpu", "test", null, null)), PROPERTIES, this.metrics);
			this.groups.add(group);
			return group;
		}, Runnable::run).join();
	}

	private static VersionKey key(String name) {
		return new VersionKey(name, 1);
	}

	private static ModelVersionInfo info(String name) {
		return new ModelVersionInfo(name, 1, "fake", true, null, false, Map.of(), List.of(), Map.of(), Instant.now());
	}

	private static final class FakeModel implements ServableModel {

		private final long bytes;

		private final AtomicInteger copies = new AtomicInteger();

		FakeModel(long bytes) {
			this.bytes = bytes;
		}

		@Override
		public ServableModel copyForWorker() {
			this.copies.incrementAndGet();
			return new FakeModel(this.bytes);
		}

		@Override
		public long estimatedBytes() {
			return this.bytes;
		}

	}

}
