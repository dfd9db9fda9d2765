package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.errors.ConflictException;

import org.springframework.stereotype.Service;

/**
 * Runs predictions of many rows through {@link Inference}: splits them into chunks that
 * keep each group of rows together (the version's preset names the column whose rows
 * belong together, as the Rossmann features look across a store's days), runs the chunks
 * and puts the predictions back in the rows' order.
 */
@Service
class TabularPredictions {

	private final Inference inference;

	private final TabularProperties properties;

	private final TabularPresets presets;

	TabularPredictions(Inference inference, TabularProperties properties, TabularPresets presets) {
		this.inference = inference;
		this.properties = properties;
		this.presets = presets;
	}

	/** The version that serves; a version that is not a tabular model is refused. */
	ModelVersionInfo resolve(String model, Integer version) {
		return this.inference.resolve(model, version, TabularArtifacts.KIND);
	}

	/** Predicts every row of a frame, in order; records are numbered from 0. */
	List<TabularPrediction> predict(ModelVersionInfo info, Frame rows) {
		return predict(info, rows, 0);
	}

	/**
	 * Predicts every row of a frame, in order. A prediction that is not a finite number
	 * is never answered: it is a conflict naming the record (the version's model cannot
	 * serve it).
	 * @param firstRecord the number of the first row in messages (0 for JSON records and
	 * tensors, 1 for CSV records)
	 */
	List<TabularPrediction> predict(ModelVersionInfo info, Frame rows, int firstRecord) {
		String group = this.presets.groupColumn(String.valueOf(info.inputSchema().get("preset")));
		List<int[]> chunks = chunks(rows, group);
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
		for (int i = 0; i < predictions.length; i++) {
			if (!Double.isFinite(predictions[i].prediction())) {
				throw new ConflictException("Model '" + info.name() + "' version " + info.version()
						+ " produced a non-finite value (" + predictions[i].prediction() + ") for record "
						+ (i + firstRecord) + "; its inputs may lie far outside what it was trained on")
					.with("record", i + firstRecord)
					.with("model", info.name())
					.with("version", info.version());
			}
		}
		return Arrays.asList(predictions);
	}

	/**
	 * Row indexes per chunk of at most {@code lantern.tabular.chunk-rows} rows; with a
	 * group column, the rows of one value of it never straddle two chunks (a chunk grows
	 * beyond the limit rather than split a group).
	 * @param group the column to group by, or null
	 */
	List<int[]> chunks(Frame rows, String group) {
		int size = this.properties.chunkRows();
		int n = rows.rows();
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		int[] groups = (group != null && rows.has(group)) ? groupIds(rows, group) : null;
		if (groups != null) {
			Arrays.sort(order, Comparator.comparingInt((Integer i) -> groups[i]));
		}
		List<int[]> chunks = new ArrayList<>();
		int start = 0;
		while (start < n) {
			int end = Math.min(n, start + size);
			if (groups != null) {
				while (end < n && groups[order[end]] == groups[order[end - 1]]) {
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

	/** A number per distinct value of the column, in order of first appearance. */
	private static int[] groupIds(Frame rows, String column) {
		Map<String, Integer> ids = new HashMap<>();
		int[] groups = new int[rows.rows()];
		for (int i = 0; i < groups.length; i++) {
			groups[i] = ids.computeIfAbsent(String.valueOf(rows.key(column, i)), (key) -> ids.size());
		}
		return groups;
	}

}
