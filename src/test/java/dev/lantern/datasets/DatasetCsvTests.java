package dev.lantern.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The CSV importer: good files are profiled, bad ones are refused with a problem naming
 * the file, the record and the column.
 */
class DatasetCsvTests {

	private final CsvImporter importer = new CsvImporter(new DatasetProperties(1000, 3, 50, 100_000));

	@TempDir
	Path directory;

	@Test
	void profilesTypesDistinctAndMissingCountsAndSamples() throws IOException {
		Map<String, Object> report = importCsv("sales.csv", """
				Store,Date,Sales,StoreType,Distance
				1,2015-07-31,5263,a,1270.5
				2,2015-07-31,6064,a,
				3,2015-07-30,8314,c,14130
				1,2015-07-30,0,a,NA
				""");
		assertThat(report).containsEntry("rows", 4L).containsEntry("files", List.of("sales.csv"));
		Map<String, Object> store = column(report, "Store");
		assertThat(store).containsEntry("type", "integer")
			.containsEntry("distinct", 3)
			.containsEntry("missing", 0L)
			.containsEntry("probablyCategorical", true)
			.containsEntry("suggested", "categorical");
		assertThat(column(report, "Date")).containsEntry("type", "date").containsEntry("suggested", "date");
		assertThat(column(report, "StoreType")).containsEntry("type", "text").containsEntry("distinct", 2);
		Map<String, Object> distance = column(report, "Distance");
		assertThat(distance).containsEntry("type", "number")
			.containsEntry("missing", 2L)
			.containsEntry("probablyCategorical", false)
			.containsEntry("suggested", "continuous");
		assertThat(samples(distance)).containsExactly("1270.5", "14130");
	}

	@Test
	void flagsAnIntegerColumnWithManyValuesAsContinuous() throws IOException {
		StringBuilder csv = new StringBuilder("id,value\n");
		for (int i = 0; i < 60; i++) {
			csv.append(i).append(',').append(i * 7).append('\n');
		}
		Map<String, Object> report = importCsv("many.csv", csv.toString());
		assertThat(column(report, "value")).containsEntry("probablyCategorical", false)
			.containsEntry("suggested", "continuous");
	}

	@Test
	void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
		Map<String, Object> report = importCsv("store.csv", "Store,PromoInterval,Note\n"
				+ "1,\"Jan,Apr,Jul,Oct\",\"said \"\"hi\"\"\"\n" + "2,\"Feb,May,Aug,Nov\",\"two\nlines\"\n");
		assertThat(report).containsEntry("rows", 2L);
		assertThat(samples(column(report, "PromoInterval"))).containsExactly("Jan,Apr,Jul,Oct", "Feb,May,Aug,Nov");
		assertThat(samples(column(report, "Note"))).containsExactly("said \"hi\"", "two\nlines");
	}

	@Test
	void refusesAnEmptyFile() {
		assertThat(refusal("empty.csv", "")).contains("empty.csv is empty");
	}

	@Test
	void refusesAHeaderWithoutRecords() {
		assertThat(refusal("header.csv", "a,b\n")).contains("header.csv has a header but no records");
	}

	@Test
	void refusesARecordWithTheWrongNumberOfFields() {
		InvalidInputException problem = problem("short.csv", "a,b,c\n1,2,3\n4,5\n");
		assertThat(problem.getMessage()).contains("short.csv, record 2: has 2 fields but the header has 3");
		assertThat(problem.details()).containsEntry("record", 2L).containsEntry("file", "short.csv");
	}

	@Test
	void refusesARepeatedOrBlankColumnName() {
		assertThat(refusal("twice.csv", "a,b,a\n1,2,3\n")).contains("column 'a' appears twice");
		assertThat(refusal("blank.csv", "a,,c\n1,2,3\n")).contains("column 2 of the header has no name");
	}

	@Test
	void refusesAFieldLongerThanTheLimitNamingRecordAndColumn() {
		InvalidInputException problem = problem("huge.csv", "a,b\n1,\"" + "x".repeat(1500) + "\"\n");
		assertThat(problem.getMessage()).contains("huge.csv, record 1, column 'b'")
			.contains("longer than 1000 characters");
		assertThat(problem.field()).isEqualTo("b");
		assertThat(problem.details()).containsEntry("field", "b").containsEntry("record", 1L);
	}

	@Test
	void refusesAHugeUnterminatedLineWithoutBufferingItWhole() {
		String line = "1," + "y".repeat(200_000) + "\n";
		assertThat(refusal("long.csv", "a,b\n" + line)).contains("long.csv, line 2").contains("longer than");
	}

	@Test
	void refusesAnUnterminatedQuote() {
		assertThat(refusal("quote.csv", "a,b\n1,\"open\n2,3\n")).contains("quote.csv").contains("not valid CSV");
	}

	@Test
	void acceptsCsvByNameOrContentType() {
		assertThat(this.importer.accepts("train.CSV", null)).isTrue();
		assertThat(this.importer.accepts("upload", "text/csv; charset=utf-8")).isTrue();
		assertThat(this.importer.accepts("pets.tar.gz", "application/gzip")).isFalse();
	}

	@Test
	void storesTheFileUnderASafeName() {
		assertThat(CsvImporter.storedName("../../etc/passwd")).isEqualTo("passwd.csv");
		assertThat(CsvImporter.storedName("C:\\data\\my train.csv")).isEqualTo("my_train.csv");
		assertThat(CsvImporter.storedName(null)).isEqualTo("data.csv");
	}

	@Test
	void readsLatin1WhenTheCharsetSaysSoAndStoresUtf8() throws IOException {
		byte[] latin1 = "Name,Sales\nM\u00fcller,5\nG\u00f6the,6\n".getBytes(StandardCharsets.ISO_8859_1);
		Map<String, Object> report = this.importer.importInto(this.directory, "names.csv",
				new ByteArrayInputStream(latin1), Map.of("charset", "ISO-8859-1"));
		assertThat(samples(column(report, "Name"))).containsExactly("M\u00fcller", "G\u00f6the");
		assertThat(report).containsEntry("encoding", "ISO-8859-1");
		assertThat(Files.readString(this.directory.resolve("names.csv"), StandardCharsets.UTF_8))
			.isEqualTo("Name,Sales\nM\u00fcller,5\nG\u00f6the,6\n");
	}

	@Test
	void refusesBytesThatAreNotUtf8NamingTheLineAndNeverStoresReplacementCharacters() {
		StringBuilder csv = new StringBuilder("Name,Sales\n");
		for (int i = 0; i < 20_000; i++) {
			csv.append("row").append(i).append(",1\n");
		}
		byte[] good = csv.toString().getBytes(StandardCharsets.UTF_8);
		byte[] bad = "M\u00fcller,5\n".getBytes(StandardCharsets.ISO_8859_1);
		byte[] content = java.util.Arrays.copyOf(good, good.length + bad.length);
		System.arraycopy(bad, 0, content, good.length, bad.length);
		InvalidInputException problem = assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.importer.importInto(this.directory, "latin.csv", new ByteArrayInputStream(content),
					Map.of()))
			.actual();
		assertThat(problem.getMessage()).contains("latin.csv, line 20002").contains("not valid UTF-8");
		assertThat(problem.details()).containsEntry("line", 20_002L)
			.containsEntry("field", "charset")
			.containsEntry("encoding", "UTF-8");
	}

	@Test
	void followsAByteOrderMark() throws IOException {
		String text = "Name,Sales\nM\u00fcller,5\n";
		for (var encoding : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_8)) {
			byte[] content = ("\uFEFF" + text).getBytes(encoding);
			Map<String, Object> report = this.importer.importInto(this.directory, encoding + ".csv",
					new ByteArrayInputStream(content), Map.of("charset", "ISO-8859-1"));
			assertThat(samples(column(report, "Name"))).as(encoding.name()).containsExactly("M\u00fcller");
			assertThat(Files.readString(this.directory.resolve(encoding + ".csv"))).isEqualTo(text);
		}
	}

	@Test
	void refusesUtf16WithoutAByteOrderMarkAndAnUnknownCharset() {
		InvalidInputException problem = assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.importer.importInto(this.directory, "wide.csv",
					new ByteArrayInputStream("a,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE)), Map.of()))
			.actual();
		assertThat(problem.getMessage()).contains("wide.csv, line 1").contains("NUL");
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.importer.importInto(this.directory, "x.csv",
					new ByteArrayInputStream("a\n1\n".getBytes(StandardCharsets.UTF_8)), Map.of("charset", "klingon")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("charset"));
	}

	@Test
	void refusesAHeaderOfMoreColumnsThanTheCapAfterReadingLittleOfIt() {
		CsvImporter capped = new CsvImporter(
				new DatasetProperties(1000, 3, 50, 100_000, 1000, 1_000_000, DataSize.ofMegabytes(256)));
		// 600,000 columns, made as they are read; the cap must stop the read early.
		long[] served = new long[1];
		java.io.InputStream header = new java.io.InputStream() {

			@Override
			public int read() {
				long i = served[0]++;
				return (i < 6_000_000) ? ((i % 10 == 9) ? ',' : 'a' + (int) (i / 10 % 26)) : -1;
			}

		};
		TooLargeException problem = assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> capped.importInto(this.directory, "wide.csv", header, Map.of()))
			.actual();
		assertThat(problem.getMessage()).contains("wide.csv")
			.contains("more than 1000 columns")
			.contains("lantern.datasets.max-columns");
		assertThat(served[0]).isLessThan(300_000);
	}

	@Test
	void refusesARecordLongerThanTheLineCapEvenAcrossQuotedLineBreaks() {
		CsvImporter capped = new CsvImporter(
				new DatasetProperties(100_000, 3, 50, 100_000, 1000, 5000, DataSize.ofMegabytes(256)));
		String manyLines = "\"" + "short line\n".repeat(1000) + "\"";
		TooLargeException problem = assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> capped.importInto(this.directory, "lines.csv",
					new ByteArrayInputStream(("a,b\n1," + manyLines + "\n").getBytes(StandardCharsets.UTF_8)),
					Map.of()))
			.actual();
		assertThat(problem.getMessage()).contains("lines.csv, line ").contains("lantern.datasets.max-line-chars");
	}

	@Test
	void aColumnPastItsShareOfTheDistinctBudgetIsCountedAsMoreThan() throws IOException {
		CsvImporter tight = new CsvImporter(
				new DatasetProperties(1000, 3, 50, 100_000, 1000, 1_000_000, DataSize.ofBytes(2 * 10 * (64 + 2 * 6))));
		StringBuilder csv = new StringBuilder("id,kind\n");
		for (int i = 0; i < 100; i++) {
			csv.append(100_000 + i).append(",k\n");
		}
		Map<String, Object> report = tight.importInto(this.directory, "ids.csv",
				new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), Map.of());
		assertThat(column(report, "id")).containsEntry("distinct", null).containsEntry("distinctMoreThan", 10);
		assertThat(column(report, "kind")).containsEntry("distinct", 1);
	}

	private Map<String, Object> importCsv(String name, String content) throws IOException {
		Map<String, Object> report = this.importer.importInto(this.directory, name,
				new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Map.of());
		assertThat(Files.readString(this.directory.resolve(CsvImporter.storedName(name)))).isEqualTo(content);
		return report;
	}

	private String refusal(String name, String content) {
		return problem(name, content).getMessage();
	}

	/**
	 * The upload is refused as invalid input (a 400 problem over HTTP) naming the file.
	 */
	private InvalidInputException problem(String name, String content) {
		return assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.importer.importInto(this.directory, name,
					new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Map.of()))
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("file", name))
			.actual();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> samples(Map<String, Object> column) {
		return (List<Object>) column.get("samples");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> column(Map<String, Object> report, String name) {
		return ((List<Map<String, Object>>) report.get("columns")).stream()
			.filter((column) -> name.equals(column.get("name")))
			.findFirst()
			.orElseThrow();
	}

}
