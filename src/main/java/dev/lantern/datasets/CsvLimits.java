package dev.lantern.datasets;

/**
 * The sizes a CSV reader accepts, checked while the text streams in so that no limit is
 * found out only after the input was held in memory. Apache Commons CSV has no setting
 * for any of them, so {@link CsvReader} counts for itself.
 *
 * @param maxFieldChars the longest field, in characters
 * @param maxColumns the most columns the header may name; checked while the header is
 * read, so a file with a huge header is refused after at most this many columns
 * @param maxLineChars the longest record (a line, with the line breaks of quoted fields),
 * in characters
 */
public record CsvLimits(int maxFieldChars, int maxColumns, long maxLineChars) {

	/**
	 * Limits on the field length only (a record may still be no longer than the field
	 * limit times the column count): for files that were checked when they were stored.
	 */
	public static CsvLimits fields(int maxFieldChars) {
		return new CsvLimits(maxFieldChars, Integer.MAX_VALUE, Long.MAX_VALUE);
	}

}
