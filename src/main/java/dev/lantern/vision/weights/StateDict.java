package dev.lantern.vision.weights;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a weights file by name, in the file's order.
 *
 * @param format the file's format ({@code pytorch} or {@code safetensors})
 * @param tensors the tensors by name
 */
public record StateDict(String format, Map<String, Tensor> tensors) {

	public StateDict {
		tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
	}

	/** The tensor of that name, or null. */
	public Tensor get(String name) {
		return this.tensors.get(name);
	}

	/** The elements of all tensors together. */
	public long elements() {
		return this.tensors.values().stream().mapToLong(Tensor::elements).sum();
	}

	/** The element types of the floating-point tensors, such as {@code [F32]}. */
	public Set<Dtype> floatingDtypes() {
		Set<Dtype> dtypes = EnumSet.noneOf(Dtype.class);
		this.tensors.values().stream().map(Tensor::dtype).filter(Dtype::floating).forEach(dtypes::add);
		return dtypes;
	}

}
