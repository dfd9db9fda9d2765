package dev.lantern.models.tiny;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.lantern.models.Inference;
import dev.lantern.models.NewModelVersion;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A test-only model kind, {@code tiny}: its format, operation and Open Inference adapter.
 * Import it into a test's application context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TinyModelKind {

	public static final List<String> LABELS = List.of("cat", "dog", "bird");

	/**
	 * An optional file of a version: the activation bytes per example its model declares.
	 */
	public static final String ACTIVATION_BYTES = "activation-bytes.txt";

	@Bean
	TinyFormat tinyFormat() {
		return new TinyFormat();
	}

	@Bean
	ScoreOperation tinyScore() {
		return new ScoreOperation();
	}

	@Bean
	TinyAdapter tinyAdapter(Inference inference, ScoreOperation score) {
		return new TinyAdapter(inference, score);
	}

	/** A new version of a tiny model, its weights drawn from {@code seed}. */
	public static NewModelVersion version(String name, long seed) {
		TinyModel model = TinyModel.create(seed);
		return new NewModelVersion(name, TinyFormat.KIND, null, false,
				Map.of("features", TinyModel.FEATURES, "seed", seed), LABELS, Map.of("accuracy", 0.5),
				Map.of("model.zip", model::writeTo));
	}

	/**
	 * A new version of a tiny model whose model declares
	 * {@code activationBytesPerExample} of activations per input, for the runtime's
	 * worker-memory budget.
	 */
	public static NewModelVersion version(String name, long seed, long activationBytesPerExample) {
		TinyModel model = TinyModel.create(seed);
		return new NewModelVersion(name, TinyFormat.KIND, null, false,
				Map.of("features", TinyModel.FEATURES, "seed", seed), LABELS, Map.of("accuracy", 0.5),
				Map.of("model.zip", model::writeTo, ACTIVATION_BYTES, (out) -> out
					.write(Long.toString(activationBytesPerExample).getBytes(StandardCharsets.US_ASCII))));
	}

}
