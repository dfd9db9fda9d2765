package dev.lantern.models.store;

import java.nio.file.Files;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the model store: its directory exists and this process can write it.
 */
@Component
class ModelStoreHealthIndicator extends AbstractHealthIndicator {

	private final ModelStore store;

	ModelStoreHealthIndicator(ModelStore store) {
		super("Model store check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		var root = this.store.root();
		builder.withDetail("path", root.toString());
		if (!Files.isDirectory(root) || !Files.isWritable(root)) {
			builder.down().withDetail("reason", "not a writable directory");
			return;
		}
		builder.up().withDetail("free", Files.getFileStore(root).getUsableSpace());
	}

}
