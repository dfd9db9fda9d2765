package dev.lantern.training;

import java.util.Locale;
import java.util.function.Function;

import dev.lantern.system.backend.Device;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Refuses a training job whose estimated footprint does not fit the memory of its device,
 * before the network is built: at submission (against the roomiest device) and again when
 * a queued job starts (against its device, with the limits then in force). The budget is
 * {@code lantern.training.memory-fraction} of the device's {@link DeviceCapacity}.
 */
@Component
public class TrainingMemory {

	private final double fraction;

	private final Function<Device, DeviceCapacity> capacity;

	@Autowired
	public TrainingMemory(TrainingProperties properties) {
		this(properties, DeviceCapacity::of);
	}

	/**
	 * A check against capacities from elsewhere (tests: a fixed capacity).
	 * @param properties the fraction of the capacity a job may use
	 * @param capacity the capacity of a device (null: the roomiest), or null when unknown
	 */
	public TrainingMemory(TrainingProperties properties, Function<Device, DeviceCapacity> capacity) {
		this.fraction = properties.memoryFraction();
		this.capacity = capacity;
	}

	/**
	 * The bytes a training job may take on a device, or null when the device's memory
	 * cannot be known (then nothing is checked).
	 * @param device the device, or null for the roomiest one
	 */
	public Long budget(Device device) {
		DeviceCapacity available = this.capacity.apply(device);
		return (available != null) ? (long) (available.bytes() * this.fraction) : null;
	}

	/**
	 * Throws a 400 when the footprint is over the budget of the device, naming
	 * {@code batchField} when the activations at the batch size take most of it, else
	 * {@code networkField}.
	 * @param footprint the estimate
	 * @param networkField the spec field that sizes the network, such as
	 * {@code spec.layers}
	 * @param batchField the spec field of the batch size
	 * @param device the device the job runs on, or null at submission
	 */
	public void check(TrainingFootprint footprint, String networkField, String batchField, Device device) {
		DeviceCapacity available = this.capacity.apply(device);
		if (available == null) {
			return;
		}
		long budget = (long) (available.bytes() * this.fraction);
		if (footprint.bytes() <= budget) {
			return;
		}
		String field = footprint.batchDominates() ? batchField : networkField;
		String advice = footprint.batchDominates() ? "a smaller " + last(batchField) : "a smaller network";
		throw InvalidInputException
			.field(field,
					"The network of this spec would need " + footprint.describe() + " to train, more than the "
							+ TrainingFootprint.gigabytes(budget) + " a training job may use here ("
							+ String.format(Locale.ROOT, "%.0f%%", this.fraction * 100) + " of " + available.limit()
							+ ", lantern.training.memory-fraction); choose " + advice + " (" + field + ")")
			.with("estimatedBytes", footprint.bytes())
			.with("budgetBytes", budget);
	}

	private static String last(String field) {
		return field.substring(field.lastIndexOf('.') + 1);
	}

}
