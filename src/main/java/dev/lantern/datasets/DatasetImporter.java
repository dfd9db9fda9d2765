package dev.lantern.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads one kind of upload to {@code POST /api/v1/datasets} into a dataset: CSV files
 * become tabular datasets, zip and tar(.gz) archives of images become image datasets. One
 * bean per kind; the first that {@link #accepts} an upload takes it.
 */
public interface DatasetImporter {

	/** The dataset kind produced: {@code tabular} or {@code images}. */
	String kind();

	/** Whether this importer reads an upload with this file name and content type. */
	boolean accepts(String filename, String contentType);

	/**
	 * Streams the upload into an empty directory that belongs to the new dataset.
	 * @param directory where the dataset's files go
	 * @param filename the uploaded file's name
	 * @param content the upload, streamed
	 * @param options importer options from the request's query parameters (for example
	 * {@code labelPattern})
	 * @return the dataset's report, returned to the client and kept with the dataset
	 * (profile of the columns, counts per class, skipped files)
	 * @throws dev.lantern.system.errors.LanternException when the upload is refused (a
	 * sentence naming the file or entry)
	 */
	Map<String, Object> importInto(Path directory, String filename, InputStream content, Map<String, String> options)
			throws IOException;

}
