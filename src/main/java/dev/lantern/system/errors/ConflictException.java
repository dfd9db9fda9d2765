package dev.lantern.system.errors;

/**
 * The change conflicts with the current state, for example deleting a default version.
 */
public class ConflictException extends LanternException {

	public ConflictException(String message) {
		super(message, null);
	}

}
