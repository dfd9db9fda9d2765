package dev.lantern.models.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.lantern.models.ModelFormat;
import dev.lantern.models.ServableModel;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;

import org.springframework.stereotype.Component;

/**
 * The model kinds this instance knows: the {@link ModelFormat} beans, by their
 * {@code kind()}.
 */
@Component
public class ModelFormats {

	private final Map<String, ModelFormat<?>> formats;

	ModelFormats(List<ModelFormat<?>> formats) {
		this.formats = formats.stream().collect(Collectors.toMap(ModelFormat::kind, Function.identity(), (a, b) -> {
			throw new IllegalStateException("Two model formats for kind " + a.kind());
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
	 * @throws InvalidInputException for an unknown kind
	 */
	@SuppressWarnings("unchecked")
	public ModelFormat<ServableModel> format(String kind) {
		ModelFormat<?> format = this.formats.get(kind);
		if (format == null) {
			throw InvalidInputException.field("kind",
					"Unknown model kind '" + kind + "'; this instance serves " + kinds());
		}
		return (ModelFormat<ServableModel>) format;
	}

}
