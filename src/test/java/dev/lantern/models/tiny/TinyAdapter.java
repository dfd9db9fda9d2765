package dev.lantern.models.tiny;

import java.util.ArrayList;
import java.util.List;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.system.errors.InvalidInputException;

/**
 * The tiny kind in the Open Inference Protocol: input {@code features} (FP32 or INT64,
 * [n, 4]); outputs {@code scores} (FP32 [n, 3]), {@code class} (INT64 [n]) and
 * {@code label} (BYTES [n]).
 */
public class TinyAdapter implements OpenInferenceAdapter {

	private final Inference inference;

	private final ScoreOperation score;

	public TinyAdapter(Inference inference, ScoreOperation score) {
		this.inference = inference;
		this.score = score;
	}

	@Override
	public String kind() {
		return TinyFormat.KIND;
	}

	@Override
	public List<TensorSpec> inputs(ModelVersionInfo model) {
		return List.of(new TensorSpec("features", "FP32", List.of(-1L, (long) TinyModel.FEATURES)));
	}

	@Override
	public List<TensorSpec> outputs(ModelVersionInfo model) {
		return List.of(new TensorSpec("scores", "FP32", List.of(-1L, (long) TinyModel.CLASSES)),
				new TensorSpec("class", "INT64", List.of(-1L)), new TensorSpec("label", "BYTES", List.of(-1L)));
	}

	@Override
	public List<Tensor> infer(ModelVersionInfo model, List<Tensor> inputs) {
		Tensor features = inputs.stream()
			.filter((tensor) -> tensor.name().equals("features"))
			.findFirst()
			.orElseThrow(() -> InvalidInputException.field("inputs", "Input tensor 'features' is missing"));
		if (features.datatype().equals("BYTES") || features.shape().size() != 2
				|| features.shape().get(1) != TinyModel.FEATURES) {
			throw InvalidInputException.field("inputs",
					"Input tensor 'features' must be FP32 or INT64 of shape [n, " + TinyModel.FEATURES + "]");
		}
		int rows = features.shape().get(0).intValue();
		List<float[]> batch = new ArrayList<>(rows);
		for (int r = 0; r < rows; r++) {
			float[] row = new float[TinyModel.FEATURES];
			for (int c = 0; c < row.length; c++) {
				row[c] = ((Number) features.data().get(r * row.length + c)).floatValue();
			}
			batch.add(row);
		}
		List<float[]> scores = this.inference.runAll(model.name(), model.version(), this.score, batch);
		List<Object> flat = new ArrayList<>();
		List<Object> classes = new ArrayList<>();
		List<Object> labels = new ArrayList<>();
		for (float[] row : scores) {
			int best = 0;
			for (int c = 0; c < row.length; c++) {
				flat.add(row[c]);
				best = (row[c] > row[best]) ? c : best;
			}
			classes.add((long) best);
			labels.add((best < model.labels().size()) ? model.labels().get(best) : Integer.toString(best));
		}
		return List.of(new Tensor("scores", "FP32", List.of((long) rows, (long) TinyModel.CLASSES), flat),
				new Tensor("class", "INT64", List.of((long) rows), classes),
				new Tensor("label", "BYTES", List.of((long) rows), labels));
	}

}
