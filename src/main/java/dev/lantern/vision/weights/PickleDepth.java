package dev.lantern.vision.weights;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.lantern.system.errors.TooLargeException;

/**
 * Bounds how deep an unpickled value nests, walking it with an explicit stack (no
 * recursion) and each container once, so neither deep nor cyclic values can exhaust the
 * thread's stack.
 */
final class PickleDepth {

	private PickleDepth() {
	}

	/**
	 * @param root the unpickled value: maps, lists, tuples ({@code Object[]}) and leaves
	 * @param maxDepth the most levels of containers allowed (the root is level 1)
	 * @param source the file, for messages
	 * @throws TooLargeException when a container lies deeper
	 */
	static void check(Object root, int maxDepth, String source) {
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Object> values = new ArrayDeque<>();
		Deque<Integer> depths = new ArrayDeque<>();
		if (children(root) != null) {
			values.push(root);
			depths.push(1);
		}
		while (!values.isEmpty()) {
			Object value = values.pop();
			int depth = depths.pop();
			if (!seen.add(value)) {
				continue;
			}
			if (depth > maxDepth) {
				throw new TooLargeException(source + ": the pickle nests values more than " + maxDepth
						+ " levels deep (" + WeightsProperties.PREFIX + "max-pickle-depth)");
			}
			for (Object child : children(value)) {
				if (children(child) != null) {
					values.push(child);
					depths.push(depth + 1);
				}
			}
		}
	}

	/** A container's keys and values, or null for a leaf. */
	private static Iterable<?> children(Object value) {
		if (value instanceof Map<?, ?> map) {
			return () -> map.entrySet()
				.stream()
				.flatMap((entry) -> Stream.of(entry.getKey(), entry.getValue()))
				.iterator();
		}
		if (value instanceof List<?> list) {
			return list;
		}
		if (value instanceof Object[] tuple) {
			return Arrays.asList(tuple);
		}
		return null;
	}

}
