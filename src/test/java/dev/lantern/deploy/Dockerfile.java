package dev.lantern.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read into its instructions: comments dropped, continuation lines joined.
 * Enough of the syntax to check what the files copy, expose and run.
 */
final class Dockerfile {

	/** One instruction, for example {@code COPY --from=build a b}. */
	record Instruction(String keyword, String arguments, int stage) {

		/** The whitespace-separated words of the arguments (no shell or JSON parsing). */
		List<String> words() {
			return Arrays.asList(this.arguments.trim().split("\\s+"));
		}

		/** The value of a {@code --name=value} flag. */
		Optional<String> flag(String name) {
			return words().stream()
				.filter((word) -> word.startsWith("--" + name + "="))
				.map((word) -> word.substring(name.length() + 3))
				.findFirst();
		}

		/** The words that are not flags. */
		List<String> operands() {
			return words().stream().filter((word) -> !word.startsWith("--")).toList();
		}

	}

	private final List<Instruction> instructions;

	private Dockerfile(List<Instruction> instructions) {
		this.instructions = instructions;
	}

	static Dockerfile load(Path file) throws IOException {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		int stage = -1;
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			pending.append(trimmed);
			String text = pending.toString().strip();
			pending.setLength(0);
			if (text.isEmpty()) {
				continue;
			}
			String[] parts = text.split("\\s+", 2);
			String keyword = parts[0].toUpperCase(Locale.ROOT);
			if (keyword.equals("FROM")) {
				stage++;
			}
			instructions.add(new Instruction(keyword, (parts.length > 1) ? parts[1] : "", stage));
		}
		return new Dockerfile(instructions);
	}

	List<Instruction> all(String keyword) {
		return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
	}

	/** The instructions of the last stage: the image that ships. */
	List<Instruction> finalStage(String keyword) {
		int last = this.instructions.stream().mapToInt(Instruction::stage).max().orElse(0);
		return all(keyword).stream().filter((instruction) -> instruction.stage() == last).toList();
	}

	/** The value an {@code ARG name=value} declares. */
	Optional<String> argDefault(String name) {
		return all("ARG").stream()
			.map(Instruction::arguments)
			.filter((arguments) -> arguments.startsWith(name + "="))
			.map((arguments) -> arguments.substring(name.length() + 1))
			.findFirst();
	}

	/** The value an {@code ENV name=value} of the final stage sets. */
	Optional<String> env(String name) {
		return finalStage("ENV").stream()
			.flatMap((instruction) -> instruction.words().stream())
			.filter((word) -> word.startsWith(name + "="))
			.map((word) -> word.substring(name.length() + 1).replace("\"", ""))
			.findFirst();
	}

}
