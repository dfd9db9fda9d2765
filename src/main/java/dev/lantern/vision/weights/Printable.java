package dev.lantern.vision.weights;

/**
 * Names from a file (tensor names, entry names, globals) made safe to quote in a message:
 * control characters replaced, at most 120 characters.
 */
final class Printable {

	private static final int MAX = 120;

	private Printable() {
	}

	static String of(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX + 3));
		for (int i = 0; i < text.length() && safe.length() < MAX; i++) {
			char c = text.charAt(i);
			safe.append((Character.isISOControl(c) || Character.isSurrogate(c)) ? '?' : c);
		}
		if (text.length() > MAX) {
			safe.append("...");
		}
		return safe.toString();
	}

}
