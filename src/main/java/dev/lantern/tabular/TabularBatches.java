package dev.lantern.tabular;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns encoded rows into the graph's inputs, and runs the graph over many rows in
 * chunks.
 */
final class TabularBatches {

	/** Rows per forward pass at inference. */
	static final int INFERENCE_CHUNK = 4096;

	/**
	 * Forward passes between garbage collections in a long prediction. DL4J gives the
	 * layer activations of a forward pass native buffers that only the garbage collector
	 * frees, and a prediction allocates little heap, so the collector seldom runs while
	 * the buffers pile up: measured with Lesson 6's network, about 60 MB per chunk of
	 * 4096 rows, 1.5 GB of native memory for 108,000 rows in one call. Collecting every 4
	 * chunks bounds that near 250 MB; predictions of up to 16,384 rows never collect.
	 */
	static final int CHUNKS_PER_COLLECTION = 4;

	private TabularBatches() {
	}

	/**
	 * The graph's inputs for some rows: one [n, 1] array of category indexes per
	 * categorical column, then the [n, continuous] array.
	 */
	static INDArray[] inputs(TabularProcs.Encoded encoded, int[] rows, int from, int to) {
		int n = to - from;
		int categorical = encoded.codes().length;
		int continuous = encoded.continuous().length;
		INDArray[] inputs = new INDArray[categorical + ((continuous > 0) ? 1 : 0)];
		for (int c = 0; c < categorical; c++) {
			int[] codes = encoded.codes()[c];
			float[] values = new float[n];
			for (int i = 0; i < n; i++) {
				values[i] = codes[row(rows, from + i)];
			}
			inputs[c] = Nd4j.create(values, new long[] { n, 1 }, DataType.FLOAT);
		}
		if (continuous > 0) {
			float[] values = new float[n * continuous];
			for (int i = 0; i < n; i++) {
				int row = row(rows, from + i);
				for (int c = 0; c < continuous; c++) {
					values[i * continuous + c] = encoded.continuous()[c][row];
				}
			}
			inputs[categorical] = Nd4j.create(values, new long[] { n, continuous }, DataType.FLOAT);
		}
		return inputs;
	}

	/**
	 * The graph's output (log target) for every row, in inference mode: through
	 * {@link TabularForward} when the graph is one {@link TabularNetwork} builds.
	 */
	static float[] predictLog(ComputationGraph graph, TabularProcs procs, TabularProcs.Encoded encoded) {
		TabularForward forward = TabularForward.of(graph, procs);
		if (forward == null) {
			return predictLog(graph, encoded);
		}
		try {
			return predictLog(forward, encoded);
		}
		finally {
			// Built for this call only (validation after an epoch): its buffers go now.
			forward.release();
		}
	}

	/** The output (log target) for every row, through the inference pass. */
	static float[] predictLog(TabularForward forward, TabularProcs.Encoded encoded) {
		return forward.output(encoded, 0, encoded.rows());
	}

	/**
	 * The output (log target) for every row, through the inference pass, at most
	 * {@code rowsPerPass} rows at a time (the pass keeps buffers for the rows of its
	 * largest call).
	 */
	static float[] predictLog(TabularForward forward, TabularProcs.Encoded encoded, int rowsPerPass) {
		if (rowsPerPass >= TabularForward.CHUNK) {
			return predictLog(forward, encoded);
		}
		float[] predictions = new float[encoded.rows()];
		for (int from = 0; from < encoded.rows(); from += rowsPerPass) {
			int to = Math.min(encoded.rows(), from + rowsPerPass);
			System.arraycopy(forward.output(encoded, from, to), 0, predictions, from, to - from);
		}
		return predictions;
	}

	/** The graph's output (log target) for every row, through DL4J's graph. */
	static float[] predictLog(ComputationGraph graph, TabularProcs.Encoded encoded) {
		return predictLog(graph, encoded, INFERENCE_CHUNK);
	}

	/**
	 * The graph's output (log target) for every row, through DL4J's graph, at most
	 * {@code rowsPerPass} rows at a time.
	 */
	static float[] predictLog(ComputationGraph graph, TabularProcs.Encoded encoded, int rowsPerPass) {
		float[] predictions = new float[encoded.rows()];
		int chunks = 0;
		for (int from = 0; from < encoded.rows(); from += rowsPerPass) {
			int to = Math.min(encoded.rows(), from + rowsPerPass);
			INDArray[] inputs = inputs(encoded, null, from, to);
			INDArray output = graph.output(false, inputs)[0];
			float[] values = output.castTo(DataType.FLOAT).data().asFloat();
			System.arraycopy(values, 0, predictions, from, to - from);
			// Native buffers go now rather than when the collector finds their arrays.
			close(inputs);
			close(output);
			if (++chunks % CHUNKS_PER_COLLECTION == 0 && to < encoded.rows()) {
				Nd4j.getMemoryManager().invokeGc();
			}
		}
		return predictions;
	}

	/** Frees the arrays' native buffers at once. */
	static void close(INDArray... arrays) {
		for (INDArray array : arrays) {
			if (array != null && !array.wasClosed() && array.closeable()) {
				array.close();
			}
		}
	}

	private static int row(int[] rows, int index) {
		return (rows != null) ? rows[index] : index;
	}

}
