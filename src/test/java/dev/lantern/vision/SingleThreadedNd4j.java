package dev.lantern.vision;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs a test class's tiny networks with one OpenMP and one BLAS thread, restoring the
 * previous settings afterwards. On a CPU shared with other work, spinning native threads
 * make a tiny convolution step many times slower than a single thread does.
 */
public class SingleThreadedNd4j implements BeforeAllCallback, AfterAllCallback {

	private int omp;

	private int blas;

	@Override
	public void beforeAll(ExtensionContext context) {
		Nd4j.create(1);
		this.omp = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
		this.blas = Nd4j.factory().blas().getMaxThreads();
		NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
		Nd4j.factory().blas().setMaxThreads(1);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(this.omp);
		Nd4j.factory().blas().setMaxThreads(this.blas);
	}

}
