package dev.lantern.jobs;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.lantern.system.backend.ComputeBackend;
import dev.lantern.system.backend.Device;

import org.springframework.stereotype.Component;

/**
 * The queue's meters (Prometheus names in brackets):
 * <ul>
 * <li>{@code lantern.jobs.queued} [{@code lantern_jobs_queued}]: jobs waiting, over all
 * replicas, as of the last heartbeat;</li>
 * <li>{@code lantern.jobs.running} [{@code lantern_jobs_running}] by {@code device}: jobs
 * this replica runs;</li>
 * <li>{@code lantern.jobs.slots} [{@code lantern_jobs_slots}] by {@code device};</li>
 * <li>{@code lantern.jobs.duration} [{@code lantern_jobs_duration_seconds}] by
 * {@code type} and {@code outcome} ({@code succeeded}, {@code failed}, {@code cancelled},
 * {@code requeued}, {@code lost}): a timer with a histogram;</li>
 * <li>{@code lantern.jobs.outcomes} [{@code lantern_jobs_outcomes_total}] by {@code type}
 * and {@code outcome}, including {@code recovered-requeued} and {@code recovered-failed}
 * for jobs recovered from a dead replica.</li>
 * </ul>
 */
@Component
class JobMetrics {

	private final MeterRegistry registry;

	private final AtomicLong queued = new AtomicLong();

	JobMetrics(MeterRegistry registry, ComputeBackend backend, ActiveJobs active, JobProperties properties) {
		this.registry = registry;
		Gauge.builder("lantern.jobs.queued", this.queued, AtomicLong::get)
			.description("Jobs waiting in the queue, over all replicas")
			.register(registry);
		for (Device device : backend.devices()) {
			Gauge.builder("lantern.jobs.running", active, (jobs) -> jobs.on(device.id()).size())
				.description("Jobs this replica runs on the device")
				.tag("device", device.id())
				.register(registry);
			Gauge.builder("lantern.jobs.slots", properties, JobProperties::slotsPerDevice)
				.description("Job slots of the device")
				.tag("device", device.id())
				.register(registry);
		}
	}

	void queued(long count) {
		this.queued.set(count);
	}

	void finished(String type, String outcome, Duration took) {
		Timer.builder("lantern.jobs.duration")
			.description("How long jobs ran on this replica")
			.tag("type", type)
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(took);
		outcome(type, outcome);
	}

	void recovered(String type, boolean requeued) {
		outcome(type, requeued ? "recovered-requeued" : "recovered-failed");
	}

	private void outcome(String type, String outcome) {
		Counter.builder("lantern.jobs.outcomes")
			.description("Jobs that ended, by type and outcome")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

}
