package dev.lantern.jobs;

import java.io.IOException;

/**
 * Where a job's events go: the web layer adapts it to Server-Sent Events, so the event
 * logic in {@link JobEvents} knows no HTTP type.
 */
interface JobEventSink {

	/**
	 * Sends one event.
	 * @param id the event id (the job's version)
	 * @param name {@code status} or {@code progress}
	 * @param job the job as the API shows it
	 * @throws IOException when the client went away
	 */
	void send(String id, String name, JobView job) throws IOException;

	/** Sends a comment that keeps idle connections open. */
	void keepAlive() throws IOException;

	/** Ends the stream normally. */
	void complete();

	/** Ends the stream after a failure to send. */
	void fail(Throwable failure);

	/** Registers what to do when the client or the server closes the stream. */
	void onClose(Runnable action);

}
