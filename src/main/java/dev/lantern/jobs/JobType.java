package dev.lantern.jobs;

/**
 * A kind of job the queue can run, such as {@code tabular-train}. Each is a Spring bean;
 * the queue finds them by {@link #name()}.
 *
 * @param <S> the job's spec: a record validated with Jakarta Bean Validation, read from
 * the {@code spec} of {@code POST /api/v1/jobs}
 */
public interface JobType<S> {

	/** The type's name in the API, for example {@code tabular-train}. */
	String name();

	/** The spec's class, for JSON binding and validation. */
	Class<S> specClass();

	/**
	 * Checks a bound, valid spec against what the service holds before the job is queued:
	 * the dataset exists and is of the right kind, the network fits the memory available,
	 * the named weights exist. Throws {@code dev.lantern.system.errors} exceptions naming
	 * the {@code spec.*} field, so a spec that cannot run is a 4xx at submission rather
	 * than a failed job later. The default admits every spec.
	 */
	default void admit(S spec) {
	}

	/**
	 * Runs the job on the device the queue bound this thread to. Runs on a worker thread
	 * of the queue; report progress and check cancellation through the context.
	 * @return what the job produced
	 */
	JobOutcome run(S spec, JobContext context) throws Exception;

	/**
	 * What the spec's optional fields take when a client leaves them out, shown by forms
	 * ({@code GET /api/v1/jobs/types}); usually the spec with every default filled in, or
	 * null when the type does not say.
	 */
	default Object defaults() {
		return null;
	}

	/**
	 * Whether the job trains a network. After such a job the C library's free memory is
	 * returned to the system ({@code lantern.jobs.trim-native-memory}): training leaves
	 * gigabytes of freed native buffers in the heap. The default is false.
	 */
	default boolean trains() {
		return false;
	}

}
