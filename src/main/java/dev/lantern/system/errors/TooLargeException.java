package dev.lantern.system.errors;

/**
 * An input is larger than a configured limit allows (bytes, pixels, rows, columns, images
 * per request, parameters). The message names the limit and its setting.
 */
public class TooLargeException extends LanternException {

	public TooLargeException(String message) {
		super(message, null);
	}

}
