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
 * (DL4J's helpers, as served models use them)
 * @param training per layer type ({@code ConvolutionLayer}, {@code BatchNormalization}):
 * the helper Lantern installs in the networks it builds for training, or why they keep
 * DL4J's ({@link OneDnnConvolutions#trainingHelpers()})
 */
public record OneDnnStatus(boolean enabled, boolean applicable, boolean active, String reason,
		Map<String, LayerHelperState> layers, Map<String, String> training) {

	static OneDnnStatus notApplicable(boolean enabled, String reason) {
		return new OneDnnStatus(enabled, false, false, reason, Map.of(), Map.of());
	}

}
