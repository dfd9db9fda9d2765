package dev.lantern.system.errors;

/** The work did not finish within its time limit. */
public class DeadlineExceededException extends LanternException {

	public DeadlineExceededException(String message) {
		super(message, null);
	}

}
