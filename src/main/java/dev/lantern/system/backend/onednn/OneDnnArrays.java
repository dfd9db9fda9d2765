package dev.lantern.system.backend.onednn;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * How Lantern's oneDNN helpers hand ND4J arrays to oneDNN: by the address of a plain
 * dense buffer, copied first where the array is not one.
 */
final class OneDnnArrays {

	private OneDnnArrays() {
	}

	/** Whether oneDNN can read or write the array in place as a plain dense buffer. */
	static boolean direct(INDArray array) {
		return array.ordering() == 'c' && !array.isView() && array.offset() == 0
				&& Shape.hasDefaultStridesForShape(array) && array.data().length() == array.length();
	}

	/**
	 * The array itself where oneDNN can read it in place, else a dense row-major copy.
	 */
	static INDArray contiguous(INDArray array) {
		return direct(array) ? array : array.dup('c');
	}

	/** The address of the array's buffer. */
	static Pointer address(INDArray array) {
		return array.data().addressPointer();
	}

}
