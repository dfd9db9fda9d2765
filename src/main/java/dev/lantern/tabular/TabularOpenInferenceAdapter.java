package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.stereotype.Component;

/**
 * Tabular models over the Open Inference Protocol: one input tensor per raw column (shape
 * [n]; {@code FP32} for numbers, {@code BYTES} for text and ISO dates), one {@code FP32}
 * output tensor {@code prediction} of shape [n].
 */
@Component
class TabularOpenInferenceAdapter implements OpenInferenceAdapter {

	private final TabularPredictions predictions;

	TabularOpenInferenceAdapter(TabularPredictions predictions) {
		this.predictions = predictions;
	}

	@Override
	public String kind() {
		return TabularArtifacts.KIND;
	}

	@Override
	public List<TensorSpec> inputs(ModelVersionInfo model) {
		List<TensorSpec> inputs = new ArrayList<>();
		RawColumns.fromInputSchema(model.inputSchema())
			.types()
			.forEach((name, type) -> inputs
				.add(new TensorSpec(name, (type == ColumnType.NUMBER) ? "FP32" : "BYTES", List.of(-1L))));
		return inputs;
	}

	@Override
	public List<TensorSpec> outputs(ModelVersionInfo model) {
		return List.of(new TensorSpec("prediction", "FP32", List.of(-1L)));
	}

	@Override
	public List<Tensor> infer(ModelVersionInfo model, List<Tensor> inputs) {
		RawColumns columns = RawColumns.fromInputSchema(model.inputSchema());
		for (Tensor tensor : inputs) {
			if (!columns.types().containsKey(tensor.name())) {
				throw InvalidInputException.field(tensor.name(), "The model has no input '" + tensor.name()
						+ "'; its inputs are " + String.join(", ", columns.types().keySet()));
			}
		}
		int n = -1;
		for (Tensor tensor : inputs) {
			if (tensor.data() == null || (n >= 0 && tensor.data().size() != n)) {
				throw InvalidInputException.field(tensor.name(),
						"Every input tensor must hold the same number of values");
			}
			n = tensor.data().size();
		}
		if (n <= 0) {
			throw new InvalidInputException("The request has no input values");
		}
		List<Map<String, Object>> records = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Map<String, Object> record = new LinkedHashMap<>();
			for (Tensor tensor : inputs) {
				record.put(tensor.name(), tensor.data().get(i));
			}
			records.add(record);
		}
		Frame frame = columns.fromRecords(records);
		List<Double> values = this.predictions.predict(model, frame)
			.stream()
			.map(TabularPrediction::prediction)
			.toList();
		return List.of(new Tensor("prediction", "FP32", List.of((long) n), values));
	}

}
