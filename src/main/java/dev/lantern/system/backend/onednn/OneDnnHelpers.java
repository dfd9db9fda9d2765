package dev.lantern.system.backend.onednn;

/**
 * The JVM-wide switch of Deeplearning4j's oneDNN layer helpers.
 * <p>
 * DL4J 1.0.0-M2.1 reads the system property {@value #DISABLE_PROPERTY} (default
 * {@code true}) each time a layer is created or a model restored, and gives the layer a
 * oneDNN helper only while it is {@code false}. A layer keeps the decision it was built
 * with, so the switch must be set before any network exists: Lantern sets it from
 * {@code lantern.backend.onednn} while the Spring environment is prepared
 * ({@link OneDnnEnvironmentPostProcessor}); code running without Spring (tests,
 * benchmarks) calls {@link #configure(boolean)} first.
 */
public final class OneDnnHelpers {

	/** The system property DL4J reads; {@code false} allows the helpers. */
	public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

	private OneDnnHelpers() {
	}

	/**
	 * Allows or forbids oneDNN helpers for the layers created from now on.
	 * @param enabled whether layers built or restored afterwards get oneDNN helpers
	 */
	public static void configure(boolean enabled) {
		System.setProperty(DISABLE_PROPERTY, String.valueOf(!enabled));
	}

	/**
	 * Whether layers created now would be offered oneDNN helpers.
	 * @return {@code true} when {@value #DISABLE_PROPERTY} is {@code false}
	 */
	public static boolean requested() {
		return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true"));
	}

}
