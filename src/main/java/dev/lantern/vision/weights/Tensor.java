package dev.lantern.vision.weights;

import java.util.Arrays;

/**
 * One tensor of a weights file, read into float.
 *
 * @param name its name in the state dict, such as {@code layer1.0.conv1.weight}
 * @param shape its size per dimension (empty for a scalar)
 * @param dtype the element type in the file
 * @param values its elements in row-major (C) order
 */
public record Tensor(String name, long[] shape, Dtype dtype, float[] values) {

	/** The largest rank read: ResNet weights have at most 4 dimensions. */
	static final int MAX_RANK = 8;

	/** The number of elements. */
	public long elements() {
		return this.values.length;
	}

	/** The shape as {@code [64, 3, 7, 7]}. */
	public String shapeText() {
		return Arrays.toString(this.shape);
	}

	/**
	 * The product of the sizes, or -1 when it overflows a long.
	 * @param shape the sizes, each non-negative
	 * @return the number of elements
	 */
	static long elements(long[] shape) {
		long product = 1;
		for (long size : shape) {
			try {
				product = Math.multiplyExact(product, size);
			}
			catch (ArithmeticException ex) {
				return -1;
			}
		}
		return product;
	}

}
