package dev.lantern.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a .dockerignore file: a path is left out of the build context when the
 * last pattern matching it, or one of its parent directories, is not an exception
 * ({@code !}). Supports the {@code *}, {@code ?} and {@code **} wildcards.
 */
final class DockerIgnore {

	private record Rule(Pattern pattern, boolean exception) {
	}

	private final List<Rule> rules;

	private DockerIgnore(List<Rule> rules) {
		this.rules = rules;
	}

	static DockerIgnore load(Path file) throws IOException {
		List<Rule> rules = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			boolean exception = trimmed.startsWith("!");
			String pattern = (exception ? trimmed.substring(1) : trimmed).strip();
			pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
			rules.add(new Rule(Pattern.compile(toRegex(pattern)), exception));
		}
		return new DockerIgnore(rules);
	}

	/**
	 * Whether the path (relative to the context root, with '/') is sent to the builder.
	 */
	boolean includes(String path) {
		String normalized = path.replaceAll("^\\./", "").replaceAll("/+$", "");
		boolean excluded = false;
		for (Rule rule : this.rules) {
			if (matchesItselfOrAParent(rule.pattern(), normalized)) {
				excluded = !rule.exception();
			}
		}
		return !excluded;
	}

	private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
		String candidate = path;
		while (true) {
			if (pattern.matcher(candidate).matches()) {
				return true;
			}
			int slash = candidate.lastIndexOf('/');
			if (slash < 0) {
				return false;
			}
			candidate = candidate.substring(0, slash);
		}
	}

	private static String toRegex(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append("[^/]");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return regex.toString();
	}

}
