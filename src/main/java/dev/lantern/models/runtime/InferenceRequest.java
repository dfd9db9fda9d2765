package dev.lantern.models.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;

/**
 * One request's inputs waiting for a worker, and the future its HTTP thread awaits.
 */
final class InferenceRequest {

	private final Operation<ServableModel, Object, Object> operation;

	private final List<Object> inputs;

	private final long examples;

	private final long enqueuedNanos;

	private final long deadlineNanos;

	private final CompletableFuture<List<Object>> future = new CompletableFuture<>();

	@SuppressWarnings("unchecked")
	InferenceRequest(Operation<?, ?, ?> operation, List<?> inputs, long enqueuedNanos, long deadlineNanos) {
		this.operation = (Operation<ServableModel, Object, Object>) operation;
		this.inputs = List.copyOf(inputs);
		long count = 0;
		for (Object input : this.inputs) {
			count += Math.max(1, this.operation.examples(input));
		}
		this.examples = count;
		this.enqueuedNanos = enqueuedNanos;
		this.deadlineNanos = deadlineNanos;
	}

	Operation<ServableModel, Object, Object> operation() {
		return this.operation;
	}

	List<Object> inputs() {
		return this.inputs;
	}

	/**
	 * The examples its inputs hold ({@link Operation#examples}), for the activation
	 * budget.
	 */
	long examples() {
		return this.examples;
	}

	long enqueuedNanos() {
		return this.enqueuedNanos;
	}

	boolean expired(long now) {
		return now - this.deadlineNanos > 0;
	}

	CompletableFuture<List<Object>> future() {
		return this.future;
	}

	/** Whether this request may run in one batch with {@code other}. */
	boolean batchesWith(InferenceRequest other) {
		return this.operation.batchable() && this.operation.equals(other.operation);
	}

}
