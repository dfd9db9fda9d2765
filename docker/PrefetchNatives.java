import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs once at image build: loads ND4J's backend so that JavaCPP extracts its native
 * libraries (and those of oneDNN's presets) into {@code org.bytedeco.javacpp.cachedir}, and the container starts without
 * unpacking about 390 MB on every first start. Launched as a single source file with the
 * application's jars on the class path (see docker/Dockerfile).
 */
public class PrefetchNatives {

	public static void main(String[] args) {
		System.out.println("ND4J backend " + Nd4j.getBackend().getClass().getSimpleName() + ", sum of ones "
				+ Nd4j.ones(4).sumNumber());
		// oneDNN's presets (the training convolutions' helper): unpacked now too; a failure
		// only means the running server unpacks them, or keeps DL4J's helper.
		try {
			org.bytedeco.javacpp.Loader.load(org.bytedeco.dnnl.global.dnnl.class);
			System.out.println("oneDNN presets unpacked");
		}
		catch (Throwable ex) {
			System.out.println("oneDNN presets not unpacked: " + ex);
		}
	}

}
