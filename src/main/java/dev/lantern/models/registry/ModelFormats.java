package dev.lantern.models.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.lantern.models.ModelFormat;
import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.models.ServableModel;
import dev.lantern.system.web.ProblemException;

import org.springframework.stereotype.Component;

/**
 * The model kinds this instance knows: the {@link ModelFormat} and, where there is one,
 * the {@link OpenInferenceAdapter} of each kind, found among the beans by their
 * {@code kind()}.
 */
@Component
public class ModelFormats {

	private final Map<String, ModelFormat<?>> formats;

	private final Map<String, OpenInferenceAdapter> adapters;

	ModelFormats(List<ModelFormat<?>> formats, List<OpenInferenceAdapter> adapters) {
		this.formats = formats.stream().collect(Collectors.toMap(ModelFormat::kind, Function.identity(), (a, b) -> {
			throw new IllegalStateException("Two model formats for kind " + a.kind());
		}, TreeMap::new));
		this.adapters = adapters.stream()
			.collect(Collectors.toMap(OpenInferenceAdapter::kind, Function.identity(), (a, b) -> {
				throw new IllegalStateException("Two Open Inference adapters for kind " + a.kind());
			}, TreeMap::new));
	}

	/** The kinds that can be loaded, sorted. */
	public List<String> kinds() {
		return List.copyOf(this.formats.keySet());
	}

	public boolean knows(String kind) {
		return this.formats.containsKey(kind);
	}

	/**
	 * The format that loads a kind.
	 * @throws ProblemException (400) for an unknown kind
	 */
	@SuppressWarnings("unchecked")
	public ModelFormat<ServableModel> format(String kind) {
		ModelFormat<?> format = this.formats.get(kind);
		if (format == null) {
			throw ProblemException.invalidField("kind",
					"Unknown model kind '" + kind + "'; this instance serves " + kinds());
		}
		return (ModelFormat<ServableModel>) format;
	}

	/**
	 * The Open Inference Protocol adapter of a kind.
	 * @throws ProblemException (400) when the kind has none
	 */
	public OpenInferenceAdapter adapter(String kind) {
		OpenInferenceAdapter adapter = this.adapters.get(kind);
		if (adapter == null) {
			throw ProblemException
				.badRequest("Models of kind '" + kind + "' cannot be served through the Open Inference Protocol");
		}
		return adapter;
	}

}
