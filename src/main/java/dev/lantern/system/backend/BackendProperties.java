package dev.lantern.system.backend;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which ND4J backend this instance should run on.
 *
 * @param expected {@code auto} takes whatever ND4J loads (CUDA when its jars and a GPU
 * are present, else the CPU); {@code cuda} means a GPU is expected; {@code cpu} means the
 * CPU is expected
 * @param onUnavailable what to do when the expected backend did not load:
 * {@code fallback} runs on what did load with a loud warning, {@code fail} refuses to
 * start
 * @param onednn whether convolutions, BatchNorm and pooling run through oneDNN on the CPU
 * (DL4J's oneDNN layer helpers, default {@code true}); applied before any network is
 * built, and verified at startup in the {@code onednn} section of the system report (see
 * docs/performance.md). No effect on CUDA.
 */
@ConfigurationProperties("lantern.backend")
@Validated
public record BackendProperties(@NotNull Expected expected, @NotNull OnUnavailable onUnavailable,
		@DefaultValue("true") boolean onednn) {

	/** The backend expected. */
	public enum Expected {

		AUTO, CPU, CUDA

	}

	/** What to do when the expected backend did not load. */
	public enum OnUnavailable {

		FALLBACK, FAIL

	}

}
