package dev.lantern.jobs;

/**
 * Where a job is in its life: {@code QUEUED} until a worker claims it, {@code RUNNING}
 * while a worker runs it, then one of the final states.
 */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	/** Whether the job has ended and will not change again. */
	public boolean isFinal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
