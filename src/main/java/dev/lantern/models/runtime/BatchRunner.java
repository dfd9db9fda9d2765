package dev.lantern.models.runtime;

import java.util.ArrayList;
import java.util.List;

import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;

/**
 * Runs a batch of requests on a worker's model copy, in passes of at most
 * {@code max-batch-size} inputs and the examples that fit {@code worker-memory}, and
 * completes every request's future. When a batch of several requests fails, each request
 * runs again alone, so one bad input fails only its own request (with the operation's 4xx
 * problem where it throws one).
 */
final class BatchRunner {

	private final String model;

	private final int maxBatchSize;

	private final int examplesPerPass;

	private final InferenceMetrics metrics;

	BatchRunner(String model, int maxBatchSize, int examplesPerPass, InferenceMetrics metrics) {
		this.model = model;
		this.maxBatchSize = maxBatchSize;
		this.examplesPerPass = examplesPerPass;
		this.metrics = metrics;
	}

	void run(ServableModel copy, List<InferenceRequest> requests) {
		long started = System.nanoTime();
		for (InferenceRequest request : requests) {
			this.metrics.queueWait(this.model, request.operation().name(), started - request.enqueuedNanos());
		}
		try {
			List<Object> inputs = new ArrayList<>();
			requests.forEach((request) -> inputs.addAll(request.inputs()));
			List<Object> outputs = apply(copy, requests.get(0).operation(), inputs);
			int offset = 0;
			for (InferenceRequest request : requests) {
				int count = request.inputs().size();
				request.future().complete(new ArrayList<>(outputs.subList(offset, offset + count)));
				offset += count;
			}
		}
		catch (Throwable ex) {
			if (requests.size() == 1) {
				requests.get(0).future().completeExceptionally(ex);
			}
			else {
				for (InferenceRequest request : requests) {
					run(copy, List.of(request));
				}
			}
			if (ex instanceof VirtualMachineError error && !(error instanceof OutOfMemoryError)) {
				throw error;
			}
		}
	}

	/**
	 * Applies the operation in chunks of at most {@code max-batch-size} inputs holding at
	 * most the examples of one pass (one input when the operation is not batchable; an
	 * input holding more examples than a pass runs alone, and the model, told the limit,
	 * cuts it into passes).
	 */
	private List<Object> apply(ServableModel copy, Operation<ServableModel, Object, Object> operation,
			List<Object> inputs) throws Exception {
		int most = operation.batchable() ? this.maxBatchSize : 1;
		List<Object> outputs = new ArrayList<>(inputs.size());
		int to;
		for (int from = 0; from < inputs.size(); from = to) {
			to = from + 1;
			long examples = Math.max(1, operation.examples(inputs.get(from)));
			while (to < inputs.size() && to - from < most) {
				examples += Math.max(1, operation.examples(inputs.get(to)));
				if (examples > this.examplesPerPass) {
					break;
				}
				to++;
			}
			List<Object> part = inputs.subList(from, to);
			long started = System.nanoTime();
			List<Object> result = operation.apply(copy, part);
			this.metrics.batch(this.model, operation.name(), part.size(), System.nanoTime() - started);
			if (result == null || result.size() != part.size()) {
				throw new IllegalStateException("Operation " + operation.name() + " returned "
						+ ((result != null) ? result.size() : 0) + " outputs for " + part.size() + " inputs");
			}
			outputs.addAll(result);
		}
		return outputs;
	}

}
