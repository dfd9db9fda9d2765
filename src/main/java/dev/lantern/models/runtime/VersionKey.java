package dev.lantern.models.runtime;

/**
 * A model version: the key of the loaded-model cache.
 *
 * @param name the model
 * @param version the version number
 */
record VersionKey(String name, int version) {

	@Override
	public String toString() {
		return this.name + " v" + this.version;
	}

}
