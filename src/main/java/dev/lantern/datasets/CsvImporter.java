package dev.lantern.datasets;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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

	/**
	 * Decodes the upload strictly (a byte order mark, the {@code charset} option, which
	 * the controller takes from the part's {@code Content-Type}, or UTF-8), stores it as
	 * UTF-8 and profiles it in the same pass, so a refused header costs no more than its
	 * first columns.
	 */
	@Override
	public Map<String, Object> importInto(Path directory, String filename, InputStream content,
			Map<String, String> options) throws IOException {
		String stored = storedName(filename);
		Charset declared = CsvReader
			.charsetOf((options.get("charset") != null) ? "text/csv; charset=" + options.get("charset") : null);
		TextDecoder decoded = TextDecoder.open(content, declared);
		Map<String, Object> profile;
		try (Writer out = Files.newBufferedWriter(directory.resolve(stored), StandardCharsets.UTF_8);
				CsvReader csv = CsvReader.open(new CopyingReader(new BufferedReader(decoded, 1 << 16), out), filename,
						this.properties.csvLimits(), decoded.charset())) {
			profile = profile(csv);
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("files", List.of(stored));
		report.put("encoding", decoded.charset().name());
		report.putAll(profile);
		return report;
	}

	/**
	 * Checks and profiles a CSV file.
	 * @param csv the file, its header read
	 * @return {@code rows} and {@code columns} (one profile per column)
	 */
	Map<String, Object> profile(CsvReader csv) {
		String source = csv.source();
		List<ColumnProfiler> columns = new ArrayList<>();
		long budget = this.properties.distinctBudgetPerColumn(csv.header().size());
		for (String name : csv.header()) {
			columns.add(new ColumnProfiler(name, this.properties.profileSamples(), this.properties.distinctLimit(),
					budget));
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
		report.put("columnCount", columns.size());
		report.put("columns",
				columns.stream()
					.map((column) -> column.report(total, this.properties.categoricalMaxDistinct()))
					.toList());
		return report;
	}

	/** Writes every character read through it to a writer. */
	private static final class CopyingReader extends FilterReader {

		private final Writer copy;

		CopyingReader(Reader in, Writer copy) {
			super(in);
			this.copy = copy;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			if (c >= 0) {
				this.copy.write(c);
			}
			return c;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				this.copy.write(buffer, offset, n);
			}
			return n;
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
