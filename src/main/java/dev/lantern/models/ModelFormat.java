package dev.lantern.models;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads the model versions of one kind from the store. One bean per kind
 * ({@code tabular}, {@code vision}).
 *
 * @param <M> the loaded model
 */
public interface ModelFormat<M extends ServableModel> {

	/** The kind this format loads, as stored with each version. */
	String kind();

	/**
	 * Loads a version from its directory in the model store.
	 * @param versionDirectory the directory holding the version's files
	 */
	M load(Path versionDirectory) throws IOException;

}
