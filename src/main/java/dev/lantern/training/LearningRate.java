package dev.lantern.training;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A spec's learning rate: a number, or {@code "auto"} for the learning-rate finder's
 * {@code valley} suggestion, found inside the job before it trains. Check the number's
 * bounds with {@link ValidLearningRate}.
 *
 * @param value the rate, or null for {@code auto}
 */
public record LearningRate(Double value) {

	/** The spelling of the finder's choice in a spec. */
	public static final String AUTO_NAME = "auto";

	/** {@code "auto"}. */
	public static final LearningRate AUTO = new LearningRate(null);

	/** A fixed rate. */
	public static LearningRate of(double value) {
		return new LearningRate(value);
	}

	/**
	 * Reads a spec's value: a JSON number or the string {@code "auto"}; anything else is
	 * refused (the spec binder then names the field).
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static LearningRate parse(Object raw) {
		if (raw instanceof Number number) {
			return new LearningRate(number.doubleValue());
		}
		if (raw instanceof String text && AUTO_NAME.equals(text.strip().toLowerCase(Locale.ROOT))) {
			return AUTO;
		}
		throw new IllegalArgumentException("A learning rate is a number or \"auto\"");
	}

	/** Whether the finder chooses the rate. */
	public boolean auto() {
		return this.value == null;
	}

	/** The fixed rate, or the fallback for {@code auto}. */
	public double orElse(double fallback) {
		return (this.value != null) ? this.value : fallback;
	}

	@JsonValue
	Object json() {
		return (this.value != null) ? this.value : AUTO_NAME;
	}

	@Override
	public String toString() {
		return String.valueOf(json());
	}

}
