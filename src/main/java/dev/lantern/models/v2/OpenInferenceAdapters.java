package dev.lantern.models.v2;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;

import org.springframework.stereotype.Component;

/**
 * The {@link OpenInferenceAdapter} beans by the kind they serve. Kept apart from the
 * model formats: adapters run inference, so they depend on the runtime, which depends on
 * the formats.
 */
@Component
class OpenInferenceAdapters {

	private final Map<String, OpenInferenceAdapter> adapters;

	OpenInferenceAdapters(List<OpenInferenceAdapter> adapters) {
		this.adapters = adapters.stream()
			.collect(Collectors.toMap(OpenInferenceAdapter::kind, Function.identity(), (a, b) -> {
				throw new IllegalStateException("Two Open Inference adapters for kind " + a.kind());
			}, TreeMap::new));
	}

	/**
	 * The adapter of a kind.
	 * @throws InvalidInputException when the kind has none
	 */
	OpenInferenceAdapter get(String kind) {
		OpenInferenceAdapter adapter = this.adapters.get(kind);
		if (adapter == null) {
			throw new InvalidInputException(
					"Models of kind '" + kind + "' cannot be served through the Open Inference Protocol");
		}
		return adapter;
	}

}
