package dev.lantern.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Imports a CSV upload as a {@code tabular} dataset: the file is streamed to disk under
 * its own (sanitised) name, then read once to check it and profile every column.
 */
@Component
@Order(100)
class CsvImporter implements DatasetImporter {

	private final DatasetProperties properties;

	CsvImporter(DatasetProperties properties) {
		this.properties = properties;
	}

	@Override
	public String kind() {
		return "tabular";
	}

	@Override
	public boolean accepts(String filename, String contentType) {
		String name = (filename != null) ? filename.toLowerCase(Locale.ROOT) : "";
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		return name.endsWith(".csv") || type.startsWith("text/csv");
	}

	@Override
	public Map<String, Object> importInto(Path directory, String filename, InputStream content,
			Map<String, String> options) throws IOException {
		String stored = storedName(filename);
		Path file = directory.resolve(stored);
		try (OutputStream out = Files.newOutputStream(file)) {
			content.transferTo(out);
		}
		Map<String, Object> profile = profile(file, filename);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("files", List.of(stored));
		report.putAll(profile);
		return report;
	}

	/**
	 * Checks and profiles a CSV file.
	 * @param file the file
	 * @param source its name as the client knows it, for messages
	 * @return {@code rows} and {@code columns} (one profile per column)
	 */
	Map<String, Object> profile(Path file, String source) throws IOException {
		try (InputStream in = Files.newInputStream(file);
				CsvReader csv = CsvReader.open(in, source, this.properties.maxFieldChars())) {
			List<ColumnProfiler> columns = new ArrayList<>();
			for (String name : csv.header()) {
				columns
					.add(new ColumnProfiler(name, this.properties.profileSamples(), this.properties.distinctLimit()));
			}
			long rows = 0;
			for (String[] record = csv.next(); record != null; record = csv.next()) {
				for (int i = 0; i < record.length; i++) {
					columns.get(i).accept(record[i]);
				}
				rows++;
			}
			if (rows == 0) {
				throw new InvalidInputException(source + " has a header but no records").with("file", source);
			}
			long total = rows;
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("rows", rows);
			report.put("columns",
					columns.stream()
						.map((column) -> column.report(total, this.properties.categoricalMaxDistinct()))
						.toList());
			return report;
		}
	}

	/** The upload's file name reduced to safe characters, ending in {@code .csv}. */
	static String storedName(String filename) {
		String base = (filename != null) ? filename.replace('\\', '/') : "";
		base = base.substring(base.lastIndexOf('/') + 1);
		base = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
		if (base.isEmpty()) {
			base = "data.csv";
		}
		if (!base.toLowerCase(Locale.ROOT).endsWith(".csv")) {
			base = base + ".csv";
		}
		return base;
	}

}
