package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.web.ProblemException;

import org.springframework.stereotype.Service;

/**
 * Runs predictions of many rows through {@link Inference}: splits them into chunks that
 * keep each store's rows together (the Rossmann features look across a store's days),
 * runs the chunks and puts the predictions back in the rows' order.
 */
@Service
class TabularPredictions {

	private final Inference inference;

	private final TabularProperties properties;

	TabularPredictions(Inference inference, TabularProperties properties) {
		this.inference = inference;
		this.properties = properties;
	}

	/** The version that serves, checked to be a tabular model. */
	ModelVersionInfo resolve(String model, Integer version) {
		ModelVersionInfo info = this.inference.resolve(model, version);
		if (!TabularArtifacts.KIND.equals(info.kind())) {
			throw ProblemException.badRequest("Model '" + model + "' is a " + info.kind()
					+ " model, not a tabular one: it does not predict rows");
		}
		return info;
	}

	/** Predicts every row of a frame, in order. */
	List<TabularPrediction> predict(ModelVersionInfo info, Frame rows) {
		List<int[]> chunks = chunks(rows, TabularSchema.ROSSMANN.equals(info.inputSchema().get("preset")));
		List<Frame> inputs = chunks.stream().map(rows::select).toList();
		List<List<TabularPrediction>> outputs = this.inference.runAll(info.name(), info.version(),
				TabularPredictOperation.INSTANCE, inputs);
		TabularPrediction[] predictions = new TabularPrediction[rows.rows()];
		for (int c = 0; c < chunks.size(); c++) {
			int[] chunk = chunks.get(c);
			List<TabularPrediction> output = outputs.get(c);
			for (int i = 0; i < chunk.length; i++) {
				predictions[chunk[i]] = output.get(i);
			}
		}
		return Arrays.asList(predictions);
	}

	/** Row indexes per chunk; with {@code byStore}, a store's rows never straddle two. */
	List<int[]> chunks(Frame rows, boolean byStore) {
		int size = this.properties.chunkRows();
		int n = rows.rows();
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		double[] store = byStore ? rows.numbers("Store") : null;
		if (byStore) {
			Arrays.sort(order, Comparator.comparingDouble((Integer i) -> store[i]));
		}
		List<int[]> chunks = new ArrayList<>();
		int start = 0;
		while (start < n) {
			int end = Math.min(n, start + size);
			if (byStore) {
				while (end < n && Double.compare(store[order[end]], store[order[end - 1]]) == 0) {
					end++;
				}
			}
			int[] chunk = new int[end - start];
			for (int i = start; i < end; i++) {
				chunk[i - start] = order[i];
			}
			chunks.add(chunk);
			start = end;
		}
		return chunks;
	}

}
