/**
 * Datasets: uploads streamed to disk through the
 * {@link dev.lantern.datasets.DatasetImporter} beans (CSV here, image archives in
 * {@code vision}), the store (a directory and a database row each, visible only once
 * complete), the CSV reader and the column profile. Features import its public types
 * ({@code Datasets}, {@code DatasetImporter}, {@code CsvReader}, {@code DatasetFiles});
 * it imports no feature, only {@code system}, and only its controller uses web types.
 */
package dev.lantern.datasets;
