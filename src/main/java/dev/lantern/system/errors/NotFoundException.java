package dev.lantern.system.errors;

/** A named thing (a model, a version, a job, a dataset) does not exist. */
public class NotFoundException extends LanternException {

	/**
	 * @param what what was looked for, for example {@code model}
	 * @param name its name or id
	 */
	public NotFoundException(String what, Object name) {
		super("No " + what + " '" + name + "'", null);
	}

	/** With a message of its own, for things not named by one id. */
	public NotFoundException(String message) {
		super(message, null);
	}

}
