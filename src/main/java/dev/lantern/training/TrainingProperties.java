package dev.lantern.training;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of training jobs.
 *
 * @param memoryFraction the share of the device's memory a training job's estimated
 * footprint may take (parameters, gradients, optimizer state, activations at the batch
 * size); the rest is headroom for what the estimate does not count (workspaces, the data
 * pipeline, other jobs). The device's memory is the least of JavaCPP's {@code maxBytes},
 * its {@code maxPhysicalBytes} less the Java heap, and the machine's physical memory less
 * the Java heap; on CUDA, the device's free memory. Default 0.8, between 0.05 and 1.
 */
@ConfigurationProperties("lantern.training")
@Validated
public record TrainingProperties(@DecimalMin("0.05") @DecimalMax("1") double memoryFraction) {

	/** The defaults. */
	public static final TrainingProperties DEFAULTS = new TrainingProperties(0.8);

}
