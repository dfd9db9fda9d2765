package dev.lantern.system.backend;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Adds the ND4J backend to {@code /actuator/info}.
 */
@Component
class BackendInfoContributor implements InfoContributor {

	private final ComputeBackend backend;

	BackendInfoContributor(ComputeBackend backend) {
		this.backend = backend;
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("nd4j", this.backend.describe());
	}

}
