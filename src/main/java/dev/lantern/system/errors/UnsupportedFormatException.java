package dev.lantern.system.errors;

/** The input is of a media type or file format this operation does not read. */
public class UnsupportedFormatException extends LanternException {

	public UnsupportedFormatException(String message) {
		super(message, null);
	}

}
