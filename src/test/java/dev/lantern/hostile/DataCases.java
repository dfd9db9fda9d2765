package dev.lantern.hostile;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.lantern.hostile.HostileCase.of;

/**
 * Values that do not fit their column on every tabular predict path (JSON, CSV, V2), CSV
 * text in an encoding it does not declare, CSV files wider or longer than the caps, and
 * profile pages out of bounds.
 */
class DataCases implements HostileCases {

	private static final String RECORD = "{\"Store\":1,\"Date\":\"2014-02-03\",\"Promo\":1,\"StateHoliday\":\"0\","
			+ "\"SchoolHoliday\":0}";

	private static final String CSV_HEADER = "Store,Date,Promo,StateHoliday,SchoolHoliday\n";

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("inference", "JSON predict with Promo 1e308",
						(f) -> predict(f, RECORD.replace("\"Promo\":1", "\"Promo\":1e308")), 400, "Promo", "record"),
				of("inference", "JSON predict with Promo 1e309",
						(f) -> predict(f, RECORD.replace("\"Promo\":1", "\"Promo\":1e309")), 400, "Promo"),
				of("inference", "JSON predict with Promo far outside its training range",
						(f) -> predict(f, RECORD.replace("\"Promo\":1", "\"Promo\":5e7")), 400, "Promo",
						"outside the range"),
				of("inference", "JSON predict with Store 1.5",
						(f) -> predict(f, RECORD.replace("\"Store\":1", "\"Store\":1.5")), 400, "Store",
						"not a category"),
				of("inference", "JSON predict with Store true",
						(f) -> predict(f, RECORD.replace("\"Store\":1", "\"Store\":true")), 400, "Store"),
				of("inference", "JSON predict with a date in the year 9999",
						(f) -> predict(f, RECORD.replace("2014-02-03", "9999-12-31")), 400, "Date",
						"outside the dates"),
				of("inference", "CSV predict with Promo 1e308",
						(f) -> predictCsv(f, "text/csv",
								(CSV_HEADER + "1,2014-02-03,1e308,0,0\n").getBytes(StandardCharsets.UTF_8)),
						400, "Promo", "record 1"),
				of("inference", "CSV predict in Latin-1 declared as UTF-8",
						(f) -> predictCsv(f, "text/csv; charset=UTF-8",
								("Note," + CSV_HEADER + "M\u00fcller,1,2014-02-03,1,0,0\n")
									.getBytes(StandardCharsets.ISO_8859_1)),
						400, "line 2", "UTF-8"),
				of("inference", "CSV predict with an unknown charset",
						(f) -> predictCsv(f, "text/csv; charset=klingon",
								(CSV_HEADER + "1,2014-02-03,1,0,0\n").getBytes(StandardCharsets.UTF_8)),
						415, "Content-Type"),
				of("inference", "V2 infer with an FP32 Promo of 3.5e38", (f) -> v2(f, "3.5e38", "1"), 400, "Promo"),
				of("inference", "V2 infer with an FP32 Store of 1.5", (f) -> v2(f, "1", "1.5"), 400, "Store"),
				of("uploads", "a CSV of 600,000 columns",
						(f) -> upload(f, "wide.csv", "text/csv",
								(IntStream.range(0, 600_000).mapToObj((i) -> "c" + i).collect(Collectors.joining(","))
										+ "\n1\n")
									.getBytes(StandardCharsets.US_ASCII)),
						413, "lantern.datasets.max-columns"),
				of("uploads", "a CSV record longer than the line cap", (f) -> upload(f, "long.csv", "text/csv",
						(IntStream.range(0, 20).mapToObj((i) -> "c" + i).collect(Collectors.joining(",")) + "\n"
								+ IntStream.range(0, 20)
									.mapToObj((i) -> "x".repeat(60_000))
									.collect(Collectors.joining(","))
								+ "\n")
							.getBytes(StandardCharsets.US_ASCII)),
						413, "lantern.datasets.max-line-chars"),
				of("uploads", "a Latin-1 CSV without a charset",
						(f) -> upload(f, "latin.csv", "text/csv",
								"Name,Sales\nM\u00fcller,5\n".getBytes(StandardCharsets.ISO_8859_1)),
						400, "latin.csv, line 2", "charset"),
				of("uploads", "a UTF-16 CSV without a byte order mark",
						(f) -> upload(f, "wide-chars.csv", "text/csv",
								"Name,Sales\nMueller,5\n".getBytes(StandardCharsets.UTF_16LE)),
						400, "NUL"),
				of("uploads", "a CSV part with an unknown charset",
						(f) -> upload(f, "names.csv", "text/csv; charset=x-no-such-encoding",
								"Name,Sales\nMueller,5\n".getBytes(StandardCharsets.US_ASCII)),
						400, "charset"),
				of("paths", "a dataset profile page of 0 columns",
						(f) -> get(f, "/api/v1/datasets/" + f.rossmannDataset() + "?columnLimit=0"), 400,
						"columnLimit"),
				of("paths", "a dataset profile page of 1,000,000 columns",
						(f) -> get(f, "/api/v1/datasets/" + f.rossmannDataset() + "?columnLimit=1000000"), 400,
						"columnLimit"),
				of("paths", "a dataset profile page at a negative offset",
						(f) -> get(f, "/api/v1/datasets/" + f.rossmannDataset() + "?columnOffset=-5"), 400,
						"columnOffset"));
	}

	private static HostileResponse predict(HostileFixture f, String record) {
		return InferenceCases.json(f, "/api/v1/models/" + f.salesModel() + "/predict",
				"{\"records\":[" + RECORD + "," + record + "]}");
	}

	private static HostileResponse predictCsv(HostileFixture f, String contentType, byte[] body) {
		return f.send(f.authorized("/api/v1/models/" + f.salesModel() + "/predict")
			.header("Content-Type", contentType)
			.header("Accept", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	private static HostileResponse v2(HostileFixture f, String promo, String store) {
		return InferenceCases.json(f, "/v2/models/" + f.salesModel() + "/infer",
				"{\"inputs\":[" + "{\"name\":\"Store\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[" + store + "]},"
						+ "{\"name\":\"Date\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"2014-02-03\"]},"
						+ "{\"name\":\"Promo\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[" + promo + "]},"
						+ "{\"name\":\"StateHoliday\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"0\"]},"
						+ "{\"name\":\"SchoolHoliday\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[0]}]}");
	}

	private static HostileResponse get(HostileFixture f, String path) {
		return f.send(f.authorized(path).GET().build());
	}

	/** A multipart upload whose file part has this content type. */
	private static HostileResponse upload(HostileFixture f, String filename, String contentType, byte[] content) {
		String boundary = "hostile-data-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return f.send(f.authorized("/api/v1/datasets")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

}
