package dev.lantern.datasets;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;

/**
 * Streams the records of a CSV file with a header line (RFC 4180: quoted fields may hold
 * commas, quotes and line breaks) and turns every defect into invalid input that names
 * the file, the record and the column: an empty file, a blank or repeated column name, a
 * record with the wrong number of fields, a field longer than allowed, broken quoting.
 * Memory stays bounded: a physical line longer than the field limit times the column
 * count (at least the field limit) is refused before it is buffered whole.
 */
public final class CsvReader implements AutoCloseable {

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setIgnoreSurroundingSpaces(false)
		.setIgnoreEmptyLines(true)
		.get();

	private final String source;

	private final int maxFieldChars;

	private final LineLimitReader limited;

	private final CSVParser parser;

	private final Iterator<CSVRecord> records;

	private final List<String> header;

	private long recordNumber;

	private CsvReader(InputStream in, String source, int maxFieldChars) throws IOException {
		this.source = source;
		this.maxFieldChars = maxFieldChars;
		this.limited = new LineLimitReader(
				new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16),
				// The parser reads ahead of the header: allow room until the column count
				// is
				// known.
				64L * maxFieldChars);
		this.parser = CSVParser.builder().setReader(this.limited).setFormat(FORMAT).get();
		this.records = this.parser.iterator();
		this.header = readHeader();
		this.limited.setLimit((long) maxFieldChars * Math.max(1, this.header.size()) + this.header.size());
	}

	/**
	 * Opens a CSV stream and reads its header.
	 * @param in the content, UTF-8 (a byte order mark is skipped)
	 * @param source the file's name as the client knows it, for messages
	 * @param maxFieldChars the longest field accepted
	 */
	public static CsvReader open(InputStream in, String source, int maxFieldChars) throws IOException {
		return new CsvReader(in, source, maxFieldChars);
	}

	/** The column names, in file order. */
	public List<String> header() {
		return this.header;
	}

	/** The file's name as given to {@link #open}. */
	public String source() {
		return this.source;
	}

	/** The number of the record last returned, from 1 (the header is not a record). */
	public long recordNumber() {
		return this.recordNumber;
	}

	/** The next record's fields, one per column, or null at the end. */
	public String[] next() {
		CSVRecord record;
		try {
			if (!this.records.hasNext()) {
				return null;
			}
			record = this.records.next();
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			throw malformed(ex);
		}
		this.recordNumber++;
		if (record.size() != this.header.size()) {
			throw new InvalidInputException(this.source + ", record " + this.recordNumber + ": has " + record.size()
					+ " fields but the header has " + this.header.size() + " columns")
				.with("file", this.source)
				.with("record", this.recordNumber);
		}
		String[] values = new String[record.size()];
		for (int i = 0; i < values.length; i++) {
			String value = record.get(i);
			if (value.length() > this.maxFieldChars) {
				throw fieldTooLong(this.header.get(i));
			}
			values[i] = value;
		}
		return values;
	}

	/**
	 * Invalid input naming the file, the record last returned and its column, which is
	 * the field to blame.
	 */
	public InvalidInputException invalidField(String column, String detail) {
		InvalidInputException invalid = InvalidInputException.field(column,
				this.source + ", record " + this.recordNumber + ", column '" + column + "': " + detail);
		invalid.with("file", this.source).with("record", this.recordNumber);
		return invalid;
	}

	private InvalidInputException fieldTooLong(String column) {
		return invalidField(column, "the field is longer than " + this.maxFieldChars + " characters");
	}

	private List<String> readHeader() {
		String[] names;
		try {
			if (!this.records.hasNext()) {
				throw new InvalidInputException(this.source + " is empty: expected a header line of column names")
					.with("file", this.source);
			}
			names = this.records.next().values();
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			throw malformed(ex);
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < names.length; i++) {
			String name = names[i].strip();
			if (i == 0 && name.startsWith("\uFEFF")) {
				name = name.substring(1);
			}
			if (name.isEmpty()) {
				throw new InvalidInputException(this.source + ": column " + (i + 1) + " of the header has no name")
					.with("file", this.source);
			}
			if (name.length() > 200) {
				throw new InvalidInputException(
						this.source + ": column " + (i + 1) + " of the header is longer than 200 characters")
					.with("file", this.source);
			}
			if (!seen.add(name)) {
				throw new InvalidInputException(this.source + ": column '" + name + "' appears twice in the header")
					.with("file", this.source);
			}
			names[i] = name;
		}
		return List.of(names);
	}

	private LanternException malformed(RuntimeException ex) {
		LineTooLongException tooLong = null;
		for (Throwable cause = ex; cause != null && tooLong == null; cause = cause.getCause()) {
			if (cause instanceof LineTooLongException found) {
				tooLong = found;
			}
		}
		if (tooLong != null) {
			return new InvalidInputException(this.source + ", line " + tooLong.line + ": the line is longer than "
					+ tooLong.limit + " characters (a field longer than " + this.maxFieldChars + " characters?)")
				.with("file", this.source)
				.with("line", tooLong.line);
		}
		return new InvalidInputException(this.source + ", after record " + this.recordNumber
				+ ": not valid CSV (an unterminated quote, or a quote inside an unquoted field)")
			.with("file", this.source)
			.with("record", this.recordNumber + 1);
	}

	@Override
	public void close() throws IOException {
		this.parser.close();
	}

	/** Counts characters per physical line and refuses a line beyond the limit. */
	private static final class LineLimitReader extends FilterReader {

		private long limit;

		private long lineLength;

		private long line = 1;

		LineLimitReader(Reader in, long limit) {
			super(in);
			this.limit = limit;
		}

		void setLimit(long limit) {
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			if (c >= 0) {
				count((char) c);
			}
			return c;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			for (int i = 0; i < n; i++) {
				count(buffer[offset + i]);
			}
			return n;
		}

		private void count(char c) throws LineTooLongException {
			if (c == '\n') {
				this.lineLength = 0;
				this.line++;
			}
			else if (++this.lineLength > this.limit) {
				throw new LineTooLongException(this.line, this.limit);
			}
		}

	}

	private static final class LineTooLongException extends IOException {

		private final long line;

		private final long limit;

		LineTooLongException(long line, long limit) {
			super("line " + line + " is longer than " + limit + " characters");
			this.line = line;
			this.limit = limit;
		}

	}

}
