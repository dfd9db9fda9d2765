package dev.lantern.hostile;

import java.util.List;
import java.util.function.Function;

/**
 * One hostile or faulty request and what the service must answer: its status, an
 * {@code application/problem+json} body with {@code type}, {@code title}, {@code status}
 * and {@code detail}, and the words that name what is wrong (a field, an entry, a limit).
 * After each case the corpus checks that the service is still ready and that what was
 * stored before is unchanged.
 *
 * @param area where the case belongs (uploads, inference, job specs, paths, auth, http)
 * @param name what the case sends, in a few words
 * @param exchange sends the request and returns the answer
 * @param status the status the service must answer
 * @param mentions text the problem must contain (case-sensitive), for example a field
 * name
 */
public record HostileCase(String area, String name, Function<HostileFixture, HostileResponse> exchange, int status,
		List<String> mentions) {

	/** A case whose problem must mention each of {@code mentions}. */
	public static HostileCase of(String area, String name, Function<HostileFixture, HostileResponse> exchange,
			int status, String... mentions) {
		return new HostileCase(area, name, exchange, status, List.of(mentions));
	}

	@Override
	public String toString() {
		return this.area + ": " + this.name;
	}

}
