package dev.lantern.vision.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.lantern.system.errors.InvalidInputException;

/**
 * Where an image's label comes from: a regular expression on its file name (group 1 is
 * the label, as fastai's {@code ImageDataBunch.from_name_re}) or the name of the folder
 * holding it ({@code from_folder}).
 */
final class LabelRule {

	/**
	 * The Oxford-IIIT Pet naming, {@code great_pyrenees_173.jpg}: the breed is group 1.
	 */
	static final String OXFORD_PETS = "^(.+)_\\d+\\.(jpe?g|png)$";

	private final Pattern pattern;

	private LabelRule(Pattern pattern) {
		this.pattern = pattern;
	}

	/**
	 * The rule the import options ask for: {@code labels=filename} (default, with
	 * {@code labelPattern}) or {@code labels=folder}.
	 */
	static LabelRule of(Map<String, String> options) {
		String source = options.getOrDefault("labels", "filename").toLowerCase(Locale.ROOT);
		switch (source) {
			case "folder" -> {
				return new LabelRule(null);
			}
			case "filename" -> {
				String regex = options.getOrDefault("labelPattern", OXFORD_PETS);
				try {
					Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
					if (pattern.matcher("").groupCount() < 1) {
						throw InvalidInputException.field("labelPattern",
								"'labelPattern' needs a capturing group: group 1 is the label");
					}
					return new LabelRule(pattern);
				}
				catch (PatternSyntaxException ex) {
					throw InvalidInputException.field("labelPattern",
							"'labelPattern' is not a valid regular expression: " + ex.getDescription());
				}
			}
			default -> throw InvalidInputException.field("labels",
					"'labels' must be 'filename' or 'folder'; got '" + source + "'");
		}
	}

	/**
	 * The label of an entry, or null with no label.
	 * @param path the entry's relative path inside the archive
	 */
	String label(String path) {
		String[] parts = path.split("/");
		if (this.pattern == null) {
			return (parts.length >= 2) ? parts[parts.length - 2] : null;
		}
		Matcher matcher = this.pattern.matcher(parts[parts.length - 1]);
		if (!matcher.find() || matcher.group(1) == null || matcher.group(1).isBlank()) {
			return null;
		}
		return matcher.group(1);
	}

	/** Why an entry has no label, for the report. */
	String missingReason() {
		return (this.pattern == null) ? "not inside a class folder"
				: "the file name does not match the label pattern " + this.pattern.pattern();
	}

}
