package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.backend.Device;
import dev.lantern.system.backend.NativeHeapTrim;
import dev.lantern.training.CancelFitException;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The runner returns the C library's free memory after a job that trains, however the job
 * ended, and only then.
 */
class JobRunnerTests {

	private final RunningJobRepository jobs = mock(RunningJobRepository.class);

	private final JobTypes types = mock(JobTypes.class);

	private final NativeHeapTrim heapTrim = mock(NativeHeapTrim.class);

	@SuppressWarnings("unchecked")
	private final JobType<Object> type = mock(JobType.class);

	private final Job job = new Job(UUID.randomUUID(), 1, "train", "{}", 0, JobStatus.RUNNING, "me", "cpu", 1,
			Instant.now(), false, null, null, null, null, null, null, null, null, Instant.now(), Instant.now(), null,
			Instant.now(), 1);

	JobRunnerTests() {
		given(this.types.get("train")).willAnswer((invocation) -> this.type);
		given(this.types.read(any(), any())).willReturn(new Object());
		given(this.jobs.finish(any(), any(), any(), any(), any())).willReturn(true);
		given(this.heapTrim.trim(anyString())).willReturn(OptionalLong.of(0));
	}

	@Test
	void trimsAfterATrainingJobSucceeds() throws Exception {
		given(this.type.trains()).willReturn(true);
		given(this.type.run(any(), any())).willReturn(null);
		runner(true).run(this.job, device());
		verify(this.jobs).finish(eq(this.job), eq(JobStatus.SUCCEEDED), isNull(), any(), any());
		verify(this.heapTrim).trim("job " + this.job.id() + " (train)");
	}

	@Test
	void trimsAfterATrainingJobFails() throws Exception {
		given(this.type.trains()).willReturn(true);
		given(this.type.run(any(), any())).willThrow(new IllegalStateException("broken"));
		runner(true).run(this.job, device());
		verify(this.jobs).finish(eq(this.job), eq(JobStatus.FAILED), any(), isNull(), any());
		verify(this.heapTrim).trim(anyString());
	}

	@Test
	void trimsAfterATrainingJobIsCancelled() throws Exception {
		given(this.type.trains()).willReturn(true);
		given(this.type.run(any(), any())).willThrow(new CancelFitException("cancelled"));
		runner(true).run(this.job, device());
		verify(this.jobs).finish(eq(this.job), eq(JobStatus.CANCELLED), any(), isNull(), any());
		verify(this.heapTrim).trim(anyString());
	}

	@Test
	void trimsAfterATrainingJobRunsOutOfMemory() throws Exception {
		given(this.type.trains()).willReturn(true);
		given(this.type.run(any(), any())).willThrow(new OutOfMemoryError("native"));
		runner(true).run(this.job, device());
		verify(this.jobs).finish(eq(this.job), eq(JobStatus.FAILED), any(), isNull(), any());
		verify(this.heapTrim).trim(anyString());
	}

	@Test
	void doesNotTrimAfterAJobThatDoesNotTrain() throws Exception {
		given(this.type.trains()).willReturn(false);
		given(this.type.run(any(), any())).willReturn(null);
		runner(true).run(this.job, device());
		verify(this.jobs).finish(eq(this.job), eq(JobStatus.SUCCEEDED), isNull(), any(), any());
		verify(this.heapTrim, never()).trim(anyString());
	}

	@Test
	void doesNotTrimWhenTurnedOff() throws Exception {
		given(this.type.trains()).willReturn(true);
		given(this.type.run(any(), any())).willReturn(null);
		runner(false).run(this.job, device());
		verify(this.jobs).finish(eq(this.job), eq(JobStatus.SUCCEEDED), isNull(), any(), any());
		verify(this.heapTrim, never()).trim(anyString());
	}

	private JobRunner runner(boolean trim) {
		JobProperties properties = new JobProperties(1, 10, Duration.ofSeconds(30), Duration.ofSeconds(1),
				Duration.ofSeconds(60), Duration.ofSeconds(10), JobProperties.OnLeaseExpiry.REQUEUE, 3,
				Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofHours(1),
				Duration.ofDays(30), trim);
		return new JobRunner(this.jobs, this.types, new ActiveJobs(), properties, mock(JobMetrics.class),
				JsonMapper.builder().build(), mock(JobArtifacts.class), this.heapTrim);
	}

	private static Device device() {
		return new Device("cpu", 0, "cpu", "test", null, null);
	}

}
