package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Restores the class that Deeplearning4j 1.0.0-M2.1 looks for before it uses oneDNN.
 * <p>
 * {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} loads
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection, calls its static
 * {@code getInstance()} and then {@code isUseMKLDNN()} on the result. In M2.1 the native
 * bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} (and the flag
 * was renamed {@code isUseONEDNN()}), so the lookup fails, the check answers "no", and
 * every convolution, BatchNorm and pooling layer runs through DL4J's own slower code even
 * with the oneDNN natives loaded. This class has the old name and delegates to the real
 * environment. It reaches the real class by reflection because that class only exists in
 * the CPU backend ({@code -Pcuda} builds compile without it); nothing else in Lantern
 * uses it (see docs/performance.md).
 */
public final class Nd4jCpu {

	private Nd4jCpu() {
	}

	/**
	 * The native environment under the name DL4J's oneDNN check expects.
	 */
	public static final class Environment {

		private static final String NATIVE_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

		private static final Environment INSTANCE = new Environment();

		private Environment() {
		}

		/**
		 * The single instance, as the native environment is a singleton too.
		 * @return the environment
		 */
		public static Environment getInstance() {
			return INSTANCE;
		}

		/**
		 * Whether the loaded CPU natives were built with oneDNN and have it switched on.
		 * @return the native environment's {@code isUseONEDNN()}; {@code false} where
		 * there is no CPU backend
		 */
		public boolean isUseMKLDNN() {
			try {
				Class<?> type = Class.forName(NATIVE_ENVIRONMENT, true, Environment.class.getClassLoader());
				Object environment = type.getMethod("getInstance").invoke(null);
				Method useOneDnn = type.getMethod("isUseONEDNN");
				return (Boolean) useOneDnn.invoke(environment);
			}
			catch (ReflectiveOperationException | LinkageError ex) {
				return false;
			}
		}

	}

}
