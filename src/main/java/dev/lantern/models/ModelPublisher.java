package dev.lantern.models;

import java.io.IOException;

/**
 * Registers trained models: trainers call it at the end of a successful job.
 */
public interface ModelPublisher {

	/**
	 * Stores the version's files in the model store and registers it, numbered one past
	 * the model's latest; the first version of a model becomes its default.
	 */
	ModelVersionInfo publish(NewModelVersion version) throws IOException;

}
