package dev.lantern.system.backend.onednn;

import java.util.Map;

/**
 * What the startup probe found out about oneDNN, shown as the {@code onednn} section of
 * {@code GET /api/v1/system}.
 *
 * @param enabled the switch {@code lantern.backend.onednn}
 * @param applicable {@code false} on the CUDA backend, where cuDNN helpers apply instead
 * @param active whether every probed layer type ran through its oneDNN helper
 * @param reason why oneDNN is not active, or {@code null}
 * @param layers per layer type ({@code ConvolutionLayer}, {@code BatchNormalization},
 * {@code SubsamplingLayer}): whether its helper was active, the helper, and why not
 */
public record OneDnnStatus(boolean enabled, boolean applicable, boolean active, String reason,
		Map<String, LayerHelperState> layers) {

	static OneDnnStatus notApplicable(boolean enabled, String reason) {
		return new OneDnnStatus(enabled, false, false, reason, Map.of());
	}

}
