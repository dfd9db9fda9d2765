package dev.lantern.system.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure a caller can act on, raised by domain code (jobs, the inference runtime,
 * trainers, importers). Its message is a sentence that names what is wrong (the field,
 * the file, the model) and is shown as it is: as a problem's {@code detail} to an HTTP
 * client, as a failed job's {@code error}. Domain code never speaks HTTP; the web layer
 * maps each subclass to its status in one place.
 */
public abstract class LanternException extends RuntimeException {

	private final Map<String, Object> details = new LinkedHashMap<>();

	protected LanternException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Adds a detail a client can read by name, for example the invalid record's index or
	 * the limit that was hit.
	 * @return this exception
	 */
	public LanternException with(String name, Object value) {
		this.details.put(name, value);
		return this;
	}

	/** The details added with {@link #with}, in the order they were added. */
	public Map<String, Object> details() {
		return Collections.unmodifiableMap(this.details);
	}

}
