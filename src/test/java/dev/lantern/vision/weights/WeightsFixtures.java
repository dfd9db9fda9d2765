package dev.lantern.vision.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import org.springframework.util.unit.DataSize;

/**
 * The fixtures made by {@code src/test/resources/weights/make_fixtures.py} with real
 * PyTorch, and readers configured with the application's default limits.
 */
public final class WeightsFixtures {

	static final Path DIRECTORY = Path.of("src/test/resources/weights");

	private WeightsFixtures() {
	}

	/** The defaults of application.yaml. */
	static WeightsProperties defaults() {
		return new WeightsProperties(DataSize.ofGigabytes(1), 10_000, 100_000_000L, 200_000_000L,
				DataSize.ofMegabytes(16), 2_000_000, 32, 1_000_000);
	}

	public static WeightsFiles files() {
		return files(defaults());
	}

	static WeightsFiles files(WeightsProperties limits) {
		return new WeightsFiles(List.of(new TorchCheckpointFormat(limits), new SafetensorsFormat(limits)), limits);
	}

	public static Path path(String name) {
		return DIRECTORY.resolve(name);
	}

	static StateDict read(String name) throws IOException {
		return files().read(path(name), name);
	}

	/** A tensor as an ND4J array of its shape. */
	static INDArray array(Tensor tensor) {
		return Nd4j.create(tensor.values(), tensor.shape(), 'c');
	}

}
