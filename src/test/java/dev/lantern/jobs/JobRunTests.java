package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.backend.Device;
import dev.lantern.training.CancelFitException;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class JobRunTests {

	private final RunningJobRepository jobs = mock(RunningJobRepository.class);

	private final Job job = new Job(UUID.randomUUID(), 1, "test", "{}", 0, JobStatus.RUNNING, "me", "cpu", 1,
			Instant.now(), false, null, null, null, null, null, null, null, null, Instant.now(), Instant.now(), null,
			Instant.now(), 1);

	@Test
	void writesProgressAtMostEveryIntervalButAlwaysAtEpochEnds() {
		written(RunningJobRepository.ProgressWrite.WRITTEN);
		JobRun run = run(Duration.ofHours(1));
		run.beforeFit(new FitPlan(2, 50));
		for (long step = 0; step < 50; step++) {
			run.afterBatch(0, step, 0.5);
		}
		run.afterEpoch(new EpochMetrics(0, 0.5, 0.4, Map.of()));
		// beforeFit and afterEpoch, none of the 50 steps (the interval is an hour)
		verify(this.jobs, times(2)).progress(eq(this.job), any(), any(), any(), any(), any(), any(), any(), any());
		verify(this.jobs).progress(eq(this.job), eq(0), eq(2), eq(50L), eq(100L), any(), any(), any(), any());
	}

	@Test
	void writesEveryStepWhenTheIntervalIsZeroWithTheHistoryAndAnEta() {
		written(RunningJobRepository.ProgressWrite.WRITTEN);
		JobRun run = run(Duration.ZERO);
		run.beforeFit(new FitPlan(1, 3));
		run.afterBatch(0, 0, 0.5);
		run.afterBatch(0, 1, 0.5);
		run.afterEpoch(new EpochMetrics(0, 0.5, null, Map.of("accuracy", 0.9)));
		verify(this.jobs, times(4)).progress(eq(this.job), any(), any(), any(), any(), any(), any(), any(), any());
		verify(this.jobs).progress(eq(this.job), eq(0), eq(1), eq(2L), eq(3L), any(),
				eq("[{\"epoch\":0,\"trainLoss\":0.5,\"validLoss\":null,\"metrics\":{\"accuracy\":0.9}}]"), any(),
				any());
		verify(this.jobs, never()).progress(eq(this.job), any(), any(), eq(2L), any(), isNull(), any(), any(), any());
	}

	@Test
	void stopsAtTheNextEventOnceCancelledHere() {
		written(RunningJobRepository.ProgressWrite.WRITTEN);
		JobRun run = run(Duration.ofHours(1));
		run.beforeFit(new FitPlan(1, 10));
		run.afterBatch(0, 0, 0.5);
		run.stop(JobRun.StopReason.CANCELLED);
		assertThatExceptionOfType(CancelFitException.class).isThrownBy(() -> run.beforeBatch(0, 1))
			.withMessageContaining("cancelled");
		assertThat(run.stopReason()).isEqualTo(JobRun.StopReason.CANCELLED);
	}

	@Test
	void stopsWhenAnotherReplicaAskedForCancellation() {
		written(RunningJobRepository.ProgressWrite.CANCEL_REQUESTED);
		JobRun run = run(Duration.ZERO);
		assertThatExceptionOfType(CancelFitException.class).isThrownBy(() -> run.progress(1, 10));
		assertThat(run.stopReason()).isEqualTo(JobRun.StopReason.CANCELLED);
	}

	@Test
	void stopsWhenItsLeaseWasTakenOver() {
		written(RunningJobRepository.ProgressWrite.LOST);
		JobRun run = run(Duration.ZERO);
		assertThatExceptionOfType(CancelFitException.class).isThrownBy(() -> run.beforeFit(new FitPlan(1, 10)))
			.withMessageContaining("another replica");
		assertThat(run.stopReason()).isEqualTo(JobRun.StopReason.LEASE_LOST);
	}

	@Test
	void theFirstReasonToStopWins() {
		JobRun run = run(Duration.ZERO);
		run.stop(JobRun.StopReason.SHUTDOWN);
		run.stop(JobRun.StopReason.CANCELLED);
		assertThat(run.stopReason()).isEqualTo(JobRun.StopReason.SHUTDOWN);
	}

	@Test
	void goesOnWhenProgressCannotBeWritten() {
		given(this.jobs.progress(any(), any(), any(), any(), any(), any(), any(), any(), any()))
			.willThrow(new org.springframework.dao.DataAccessResourceFailureException("database down"));
		JobRun run = run(Duration.ZERO);
		assertThatNoException().isThrownBy(() -> run.progress(1, 10));
		assertThat(run.stopReason()).isNull();
	}

	private void written(RunningJobRepository.ProgressWrite outcome) {
		given(this.jobs.progress(any(), any(), any(), any(), any(), any(), any(), any(), any())).willReturn(outcome);
	}

	private JobRun run(Duration progressInterval) {
		JobProperties properties = new JobProperties(1, 10, Duration.ofSeconds(30), Duration.ofSeconds(1),
				Duration.ofSeconds(60), Duration.ofSeconds(10), JobProperties.OnLeaseExpiry.REQUEUE, 3,
				progressInterval, Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofHours(1),
				Duration.ofDays(30), true);
		return new JobRun(this.job, new Device("cpu", 0, "cpu", "test", null, null), this.jobs, properties,
				JsonMapper.builder().build(), null);
	}

}
