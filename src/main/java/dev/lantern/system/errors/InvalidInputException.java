package dev.lantern.system.errors;

/**
 * The input (a field, a record, a file, a spec) is well-formed but not acceptable. When
 * one field is to blame, {@link #field} names it.
 */
public class InvalidInputException extends LanternException {

	private final String field;

	public InvalidInputException(String message) {
		this(null, message, null);
	}

	public InvalidInputException(String message, Throwable cause) {
		this(null, message, cause);
	}

	private InvalidInputException(String field, String message, Throwable cause) {
		super(message, cause);
		this.field = field;
		if (field != null) {
			with("field", field);
		}
	}

	/** Names the field that is wrong ({@code spec.epochs}, {@code records[3].Store}). */
	public static InvalidInputException field(String field, String message) {
		return new InvalidInputException(field, message, null);
	}

	/** The field to blame, or null. */
	public String field() {
		return this.field;
	}

}
