package dev.lantern.datasets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a tabular dataset's column profile, so that reading a dataset never returns
 * more than {@link #MAX_LIMIT} column profiles however wide its file is. The report gains
 * {@code columnCount} (all columns), {@code columnOffset} and {@code columnLimit}; a
 * report without columns (an image dataset) is returned as it is.
 */
final class ProfilePage {

	/** Column profiles per page unless the request says otherwise. */
	static final int DEFAULT_LIMIT = 100;

	/** The most column profiles one page may hold. */
	static final int MAX_LIMIT = 1000;

	private ProfilePage() {
	}

	static Dataset of(Dataset dataset, int offset, int limit) {
		if (!(dataset.report().get("columns") instanceof List<?> columns)) {
			return dataset;
		}
		int from = (int) Math.min(columns.size(), (long) offset);
		int to = (int) Math.min(columns.size(), (long) from + limit);
		Map<String, Object> report = new LinkedHashMap<>(dataset.report());
		report.put("columnCount", columns.size());
		report.put("columnOffset", offset);
		report.put("columnLimit", limit);
		report.put("columns", List.copyOf(columns.subList(from, to)));
		return new Dataset(dataset.id(), dataset.name(), dataset.kind(), dataset.createdAt(), report);
	}

}
