package dev.lantern.models.runtime;

import dev.lantern.models.ModelVersionInfo;

/**
 * An operation failed on a worker for a reason other than bad input: the server's fault,
 * answered with 500 and logged with an incident id.
 */
class InferenceFailedException extends RuntimeException {

	InferenceFailedException(ModelVersionInfo info, String operation, Throwable cause) {
		super("Operation " + operation + " failed on model " + info.name() + " v" + info.version(), cause);
	}

}
