package dev.lantern.system.backend.onednn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.SystemReportSection;
import dev.lantern.system.backend.BackendProperties;
import dev.lantern.system.backend.ComputeBackend;

import org.springframework.stereotype.Component;

/**
 * The {@code onednn} section of {@code GET /api/v1/system}: whether convolutions,
 * BatchNorm and pooling run through oneDNN, verified once at startup by
 * {@link OneDnnProbe}. Warns when oneDNN was switched on but a layer type did not get its
 * helper (the service still works, only slower).
 */
@Component
class OneDnnReportSection implements SystemReportSection {

	private static final Logger log = LoggerFactory.getLogger(OneDnnReportSection.class);

	private final OneDnnStatus status;

	OneDnnReportSection(ComputeBackend backend, BackendProperties properties) {
		this.status = backend.isCuda()
				? OneDnnStatus.notApplicable(properties.onednn(), "not applicable: the CUDA backend uses cuDNN")
				: OneDnnProbe.run(properties.onednn());
		if (this.status.active()) {
			log.info("oneDNN helpers active for {}", this.status.layers().keySet());
		}
		else if (this.status.enabled() && this.status.applicable()) {
			log.warn("oneDNN was switched on but is not active: {}", this.status.reason());
		}
		else {
			log.info("oneDNN helpers inactive: {}", this.status.reason());
		}
	}

	/** What the probe found. */
	OneDnnStatus status() {
		return this.status;
	}

	@Override
	public String name() {
		return "onednn";
	}

	@Override
	public Object content() {
		return this.status;
	}

}
