package dev.lantern.tabular;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.stereotype.Component;

/**
 * The {@link TabularPreset} beans by name. A spec without a preset gets
 * {@code lantern.tabular.default-preset}; an unknown name is refused naming the
 * {@code preset} field and the known names.
 */
@Component
class TabularPresets {

	private final Map<String, TabularPreset> presets = new LinkedHashMap<>();

	private final String defaultPreset;

	TabularPresets(List<TabularPreset> presets, TabularProperties properties) {
		presets.stream().sorted(Comparator.comparing(TabularPreset::name)).forEach((preset) -> {
			TabularPreset previous = this.presets.put(preset.name(), preset);
			if (previous != null) {
				throw new IllegalStateException("Two tabular presets are named '" + preset.name() + "': "
						+ previous.getClass().getName() + " and " + preset.getClass().getName());
			}
		});
		this.defaultPreset = properties.defaultPreset();
		if (!this.presets.containsKey(this.defaultPreset)) {
			throw new IllegalStateException("lantern.tabular.default-preset is '" + this.defaultPreset
					+ "', which is not a tabular preset; known presets: " + known());
		}
	}

	/** The names of the presets. */
	Set<String> names() {
		return this.presets.keySet();
	}

	/**
	 * The preset of a spec.
	 * @param name the spec's {@code preset}, or null for the default
	 */
	TabularPreset get(String name) {
		TabularPreset preset = this.presets.get((name != null) ? name : this.defaultPreset);
		if (preset == null) {
			throw InvalidInputException
				.field("preset", "Unknown tabular preset '" + name + "'; known presets: " + known())
				.with("knownPresets", List.copyOf(this.presets.keySet()));
		}
		return preset;
	}

	/**
	 * The preset a stored version was trained with.
	 * @param name the preset named in the version's schema
	 * @throws IllegalStateException when this build has no such preset
	 */
	TabularPreset ofVersion(String name) {
		TabularPreset preset = this.presets.get(name);
		if (preset == null) {
			throw new IllegalStateException("The version was trained with the tabular preset '" + name
					+ "', which this build does not have; known presets: " + known());
		}
		return preset;
	}

	/** The column a version's prediction rows are grouped by, or null. */
	String groupColumn(String name) {
		TabularPreset preset = this.presets.get(name);
		return (preset != null) ? preset.groupColumn() : null;
	}

	private String known() {
		return String.join(", ", this.presets.keySet());
	}

}
