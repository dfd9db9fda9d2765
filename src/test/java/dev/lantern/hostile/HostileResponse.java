package dev.lantern.hostile;

import java.util.List;
import java.util.Map;

/**
 * What the server answered to a hostile request.
 *
 * @param status the status code
 * @param headers the headers, names in lower case
 * @param body the body as text
 */
public record HostileResponse(int status, Map<String, List<String>> headers, String body) {

	/** The first value of a header, or null. */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
