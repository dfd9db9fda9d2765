package dev.lantern.datasets;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.TooLargeException;

/**
 * Streams the records of a CSV file with a header line (RFC 4180: quoted fields may hold
 * commas, quotes and line breaks) and turns every defect into invalid input that names
 * the file, the record and the column: an empty file, a blank or repeated column name, a
 * record with the wrong number of fields, a field longer than allowed, broken quoting,
 * bytes that are not text in the file's encoding (see {@link TextDecoder}). Memory stays
 * bounded: the {@link CsvLimits} are checked on the characters as they stream in, before
 * the parser holds a record, so a header of more columns than allowed is refused once the
 * column past the limit begins, and a record longer than the limit (or than the field
 * limit times the column count) once its last allowed character is passed.
 */
public final class CsvReader implements AutoCloseable {

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setIgnoreSurroundingSpaces(false)
		.setIgnoreEmptyLines(true)
		.get();

	private final String source;

	private final CsvLimits limits;

	private final Charset charset;

	private final RecordScanner scanner;

	private final CSVParser parser;

	private final Iterator<CSVRecord> records;

	private final List<String> header;

	private long recordNumber;

	private CsvReader(Reader decoded, String source, CsvLimits limits, Charset charset) throws IOException {
		this.source = source;
		this.limits = limits;
		this.charset = charset;
		// The parser reads ahead of the header: allow room until the column count is
		// known.
		this.scanner = new RecordScanner(decoded, Math.min(limits.maxLineChars(), 64L * limits.maxFieldChars()),
				limits.maxColumns());
		try {
			this.parser = CSVParser.builder().setReader(this.scanner).setFormat(FORMAT).get();
		}
		catch (IOException ex) {
			throw malformed(new UncheckedIOException(ex));
		}
		this.records = this.parser.iterator();
		this.header = readHeader();
		long fieldBound = (long) limits.maxFieldChars() * Math.max(1, this.header.size()) + this.header.size();
		this.scanner.setLimit(Math.min(limits.maxLineChars(), fieldBound));
	}

	/**
	 * Opens a UTF-8 CSV stream (a byte order mark decides otherwise) and reads its
	 * header, with a limit on the field length only.
	 * @param in the content
	 * @param source the file's name as the client knows it, for messages
	 * @param maxFieldChars the longest field accepted
	 */
	public static CsvReader open(InputStream in, String source, int maxFieldChars) throws IOException {
		return open(in, source, CsvLimits.fields(maxFieldChars), null);
	}

	/**
	 * Opens a CSV stream and reads its header.
	 * @param in the content
	 * @param source the file's name as the client knows it, for messages
	 * @param limits the sizes accepted
	 * @param charset the declared encoding, or null for UTF-8; a byte order mark (UTF-8,
	 * UTF-16LE, UTF-16BE) wins
	 */
	public static CsvReader open(InputStream in, String source, CsvLimits limits, Charset charset) throws IOException {
		TextDecoder decoded = TextDecoder.open(in, charset);
		return new CsvReader(new BufferedReader(decoded, 1 << 16), source, limits, decoded.charset());
	}

	/**
	 * Reads a CSV from decoded text.
	 * @param decoded the text, from a {@link TextDecoder}, read in chunks
	 * @param charset the encoding it was decoded from, for messages
	 */
	static CsvReader open(Reader decoded, String source, CsvLimits limits, Charset charset) throws IOException {
		return new CsvReader(decoded, source, limits, charset);
	}

	/**
	 * The charset named by a media type's {@code charset} parameter, or null when it
	 * names none.
	 * @param contentType a media type such as {@code text/csv; charset=ISO-8859-1}, or
	 * null
	 * @throws InvalidInputException naming {@code charset} when the name is not an
	 * encoding this server knows
	 */
	public static Charset charsetOf(String contentType) {
		if (contentType == null) {
			return null;
		}
		for (String parameter : contentType.split(";")) {
			int equals = parameter.indexOf('=');
			if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
				return charsetNamed(parameter.substring(equals + 1).strip().replace("\"", ""));
			}
		}
		return null;
	}

	/**
	 * The charset of this name.
	 * @throws InvalidInputException naming {@code charset} when the name is not an
	 * encoding this server knows
	 */
	public static Charset charsetNamed(String name) {
		try {
			return Charset.forName(name);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInputException.field("charset",
					"The charset '" + ((name.length() > 40) ? name.substring(0, 40) + "..." : name)
							+ "' is not an encoding this server reads (UTF-8, UTF-16, ISO-8859-1, windows-1252, ...)");
		}
	}

	/** The encoding the text was read in. */
	public Charset charset() {
		return this.charset;
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
			if (value.length() > this.limits.maxFieldChars()) {
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
		return invalidField(column, "the field is longer than " + this.limits.maxFieldChars() + " characters");
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
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TooManyColumnsException columns) {
				return new TooLargeException(this.source + ": the header has more than " + columns.limit
						+ " columns (lantern.datasets.max-columns)")
					.with("file", this.source)
					.with("limit", columns.limit);
			}
			if (cause instanceof LineTooLongException tooLong) {
				if (tooLong.limit == this.limits.maxLineChars()) {
					return new TooLargeException(this.source + ", line " + tooLong.line + ": the record is longer than "
							+ tooLong.limit + " characters (lantern.datasets.max-line-chars)")
						.with("file", this.source)
						.with("line", tooLong.line)
						.with("limit", tooLong.limit);
				}
				return new InvalidInputException(
						this.source + ", line " + tooLong.line + ": the line is longer than " + tooLong.limit
								+ " characters (a field longer than " + this.limits.maxFieldChars() + " characters?)")
					.with("file", this.source)
					.with("line", tooLong.line);
			}
			if (cause instanceof TextDecoder.UndecodableException undecodable) {
				return InvalidInputException
					.field("charset", this.source + ", line " + undecodable.line() + ": "
							+ undecodable.getMessage().replaceFirst("^line \\d+ holds ", "holds ")
							+ "; send UTF-8, or name the file's encoding in the charset parameter of its Content-Type")
					.with("file", this.source)
					.with("line", undecodable.line())
					.with("encoding", undecodable.charset().name());
			}
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

	/**
	 * Follows the records as their characters stream by (RFC 4180 quoting: a quote opens
	 * a quoted field only at a field's start, a doubled quote inside one is a quote), and
	 * refuses a record longer than the limit and a header of more columns than allowed,
	 * before the parser has buffered either.
	 */
	private static final class RecordScanner extends FilterReader {

		private enum State {

			FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED

		}

		private final int maxColumns;

		private long limit;

		private State state = State.FIELD_START;

		private long recordLength;

		private int fields = 1;

		private boolean headerDone;

		private long line = 1;

		RecordScanner(Reader in, long limit, int maxColumns) {
			super(in);
			this.limit = limit;
			this.maxColumns = maxColumns;
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

		private void count(char c) throws IOException {
			if (c == '\n') {
				this.line++;
			}
			switch (this.state) {
				case QUOTED -> {
					if (c == '"') {
						this.state = State.QUOTE_IN_QUOTED;
					}
				}
				case QUOTE_IN_QUOTED -> {
					if (c == '"') {
						this.state = State.QUOTED;
					}
					else {
						separator(c, State.UNQUOTED);
					}
				}
				case FIELD_START -> separator(c, (c == '"') ? State.QUOTED : State.UNQUOTED);
				case UNQUOTED -> separator(c, State.UNQUOTED);
			}
			if (c != '\n' && ++this.recordLength > this.limit) {
				throw new LineTooLongException(this.line, this.limit);
			}
		}

		/** Outside quotes: a comma ends a field, a line break a record. */
		private void separator(char c, State otherwise) throws TooManyColumnsException {
			if (c == ',') {
				this.state = State.FIELD_START;
				if (++this.fields > this.maxColumns && !this.headerDone) {
					throw new TooManyColumnsException(this.maxColumns);
				}
			}
			else if (c == '\n') {
				this.headerDone |= this.recordLength > 0;
				this.state = State.FIELD_START;
				this.fields = 1;
				this.recordLength = 0;
			}
			else {
				this.state = otherwise;
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

	private static final class TooManyColumnsException extends IOException {

		private final int limit;

		TooManyColumnsException(int limit) {
			super("more than " + limit + " columns");
			this.limit = limit;
		}

	}

}
