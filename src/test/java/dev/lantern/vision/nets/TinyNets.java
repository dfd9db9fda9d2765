package dev.lantern.vision.nets;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A ResNet-18 small enough for tests, and batches it can learn from.
 */
public final class TinyNets {

	/**
	 * A ResNet-18 of width 8 at 32 px: every layer of the real one, small enough for
	 * tests.
	 */
	public static final NetSpec TINY = NetSpec.of(Architecture.RESNET18, 3, 32).withBaseWidth(8);

	private TinyNets() {
	}

	/**
	 * 32 px images whose class (of 3) is told apart by which third of the picture is
	 * bright.
	 */
	public static DataSet batch(int size, long seed) {
		Nd4j.getRandom().setSeed(seed);
		INDArray images = Nd4j.rand(DataType.FLOAT, size, 3, 32, 32).muli(0.5);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 3);
		for (int i = 0; i < size; i++) {
			int label = (int) ((seed + i) % 3);
			labels.putScalar(i, label, 1);
			images
				.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.interval(label * 10, label * 10 + 10),
						NDArrayIndex.all())
				.addi(1);
		}
		return new DataSet(images, labels);
	}

}
