package dev.lantern.models.v2;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter.Tensor;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;

/**
 * Checks V2 input tensors and brings their data into one form for the adapters: flat,
 * row-major, {@link Float} for FP32, {@link Long} for INT64, {@link String} for BYTES.
 * Whatever is wrong is a 400 naming the tensor.
 */
final class Tensors {

	static final Set<String> DATATYPES = Set.of("FP32", "INT64", "BYTES");

	private static final long MAX_ELEMENTS = 1L << 28;

	private Tensors() {
	}

	static Tensor decode(InferRequest.Input input) {
		String name = input.name();
		String datatype = input.datatype();
		if (!DATATYPES.contains(datatype)) {
			throw invalid(name, "has datatype '" + datatype + "'; this server takes FP32, INT64 and BYTES");
		}
		long elements = 1;
		for (Long dimension : input.shape()) {
			if (dimension == null || dimension < 0) {
				throw invalid(name, "has an invalid shape " + input.shape());
			}
			elements *= dimension;
			if (elements > MAX_ELEMENTS) {
				throw invalid(name, "is too large: shape " + input.shape());
			}
		}
		List<Object> flat = new ArrayList<>();
		flatten(input.data(), flat, name);
		if (flat.size() != elements) {
			throw invalid(name,
					"has " + flat.size() + " elements but its shape " + input.shape() + " needs " + elements);
		}
		List<Object> data = new ArrayList<>(flat.size());
		for (int i = 0; i < flat.size(); i++) {
			data.add(element(datatype, flat.get(i), name, i));
		}
		return new Tensor(name, datatype, List.copyOf(input.shape()), data);
	}

	private static void flatten(Object data, List<Object> into, String name) {
		if (data instanceof List<?> list) {
			for (Object item : list) {
				flatten(item, into, name);
			}
		}
		else if (data == null) {
			throw invalid(name, "has a null element");
		}
		else {
			into.add(data);
		}
	}

	private static Object element(String datatype, Object value, String name, int index) {
		switch (datatype) {
			case "FP32" -> {
				if (value instanceof Number number) {
					double exact = number.doubleValue();
					if (!Double.isFinite(exact) || Math.abs(exact) > Float.MAX_VALUE) {
						throw invalid(name,
								"has an FP32 element " + value + " at index " + index
										+ " that is not a finite float (at most 3.4028235e38 in magnitude)")
							.with("index", index);
					}
					return number.floatValue();
				}
			}
			case "INT64" -> {
				if (value instanceof Number number) {
					try {
						return new BigDecimal(number.toString()).longValueExact();
					}
					catch (ArithmeticException | NumberFormatException ex) {
						throw invalid(name, "has a non-integer INT64 element " + value + " at index " + index);
					}
				}
			}
			default -> {
				if (value instanceof String text) {
					return text;
				}
			}
		}
		throw invalid(name, "has an element at index " + index + " that is not of datatype " + datatype);
	}

	/**
	 * Refuses to answer an output tensor holding a number that is not finite (JSON has no
	 * NaN): the model could not compute it, which is no success.
	 * @throws ConflictException naming the output and the element's index
	 */
	static void checkOutput(ModelVersionInfo info, Tensor output) {
		if (!"FP32".equals(output.datatype()) && !"FP64".equals(output.datatype())) {
			return;
		}
		List<?> data = output.data();
		for (int i = 0; i < data.size(); i++) {
			if (data.get(i) instanceof Number number && !Double.isFinite(number.doubleValue())) {
				throw new ConflictException("Model '" + info.name() + "' version " + info.version()
						+ " produced a non-finite value for element " + i + " of output '" + output.name() + "'")
					.with("output", output.name())
					.with("index", i);
			}
		}
	}

	private static LanternException invalid(String tensor, String what) {
		return InvalidInputException.field("inputs", "Input tensor '" + tensor + "' " + what).with("tensor", tensor);
	}

}
