package dev.lantern.tabular;

/**
 * Turns raw rows (the columns of {@link TabularSchema#rawColumns()}) into the model's
 * features, the same way at training and at prediction.
 */
interface FeaturePipeline {

	Frame build(Frame raw);

	/**
	 * The Rossmann preset when the schema says so (it needs the store table), otherwise
	 * date parts of the date column, if any.
	 */
	/**
	 * The prefix of a date column's parts, as fastai's {@code add_datepart} makes it: the
	 * column's name without a trailing "Date" ({@code saleDate} gives {@code saleYear},
	 * {@code saleMonth}, ...).
	 */
	static String datePrefix(String column) {
		return column.replaceAll("[Dd]ate$", "");
	}

	static FeaturePipeline of(TabularSchema schema, RossmannFeatures rossmann) {
		if (TabularSchema.ROSSMANN.equals(schema.preset())) {
			return rossmann::build;
		}
		String date = schema.dateColumn();
		return (raw) -> {
			if (date == null) {
				return raw;
			}
			Frame frame = raw.select(java.util.stream.IntStream.range(0, raw.rows()).toArray());
			DateParts.add(frame, date, datePrefix(date));
			return frame;
		};
	}

}
