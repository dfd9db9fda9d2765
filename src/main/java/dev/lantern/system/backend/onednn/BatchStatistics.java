package dev.lantern.system.backend.onednn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A BatchNorm's batch statistics per channel of a float NCHW activation: the mean and the
 * population variance over the examples and the positions.
 * <p>
 * ND4J's reductions over the axes {@code (0, 2, 3)} walk the array channel by channel
 * with strides; on a ResNet's 16x64x112x112 activation they took 3-4 times as long as
 * this. Here the activation is seen as one contiguous row per example and channel
 * ({@code [n*c, h*w]}): the row sums are a matrix-vector product with a vector of ones
 * (BLAS), the row sums of squares a dot product per row, and the rows are combined per
 * channel with the exact formula for merging groups of equal size: the variance is the
 * mean of the rows' variances plus the variance of the rows' means. Each row's variance
 * is its mean square less its squared mean, computed over {@code h*w} values only, so the
 * cancellation stays that of a single feature map.
 * <p>
 * Maps of fewer than {@value #MIN_POSITIONS} positions (7x7 in a ResNet's last stage) are
 * reduced by ND4J directly, which is faster there.
 */
final class BatchStatistics {

	/** Below this many positions per map ND4J's own reductions are faster. */
	static final long MIN_POSITIONS = 128;

	private static final int[] EXAMPLES_AND_POSITIONS = { 0, 2, 3 };

	private INDArray ones;

	/**
	 * Writes the batch mean and population variance of each channel.
	 * @param x a float activation {@code [n, c, h, w]}
	 * @param mean receives the means, {@code [c]}
	 * @param variance receives the variances, {@code [c]}
	 */
	void compute(INDArray x, INDArray mean, INDArray variance) {
		long examples = x.size(0);
		long channels = x.size(1);
		long positions = x.size(2) * x.size(3);
		if (positions < MIN_POSITIONS || x.ordering() != 'c' || !Shape.hasDefaultStridesForShape(x)) {
			x.mean(mean, EXAMPLES_AND_POSITIONS);
			Nd4j.exec(new Variance(x, variance, false, EXAMPLES_AND_POSITIONS));
			return;
		}
		INDArray rows = x.reshape('c', examples * channels, positions);
		INDArray rowMeans = rows.mmul(ones(positions, x.dataType())).divi(positions).reshape(examples, channels);
		INDArray rowSquares = Nd4j.exec(new Dot(rows, rows, 1)).divi(positions).reshape(examples, channels);
		INDArray rowVariances = rowSquares.subi(rowMeans.mul(rowMeans));
		mean.assign(rowMeans.mean(0));
		INDArray deviations = rowMeans.subiRowVector(mean.reshape(1, channels));
		variance.assign(rowVariances.mean(0).addi(deviations.muli(deviations).mean(0)));
	}

	private INDArray ones(long positions, DataType type) {
		if (this.ones == null || this.ones.length() != positions || this.ones.dataType() != type) {
			// Kept across steps: outside the training workspace, which is reset each
			// step.
			try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
				this.ones = Nd4j.ones(type, positions, 1);
			}
		}
		return this.ones;
	}

}
