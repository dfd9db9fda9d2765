package dev.lantern.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.backend.Device;

/**
 * The memory a device offers a training job: the least of the limits that apply, each
 * with a sentence saying what it is and how to change it. On the CPU (ND4J's buffers live
 * in native memory outside the Java heap) these are JavaCPP's {@code maxBytes}, its
 * {@code maxPhysicalBytes} less the Java heap (that limit counts the whole process), and
 * the machine's physical memory less the Java heap. On CUDA the device's free memory is
 * one more, read from ND4J's environment information; where ND4J does not report it, the
 * host limits alone apply.
 *
 * @param bytes the memory available
 * @param limit which limit it is, in words
 */
public record DeviceCapacity(long bytes, String limit) {

	/**
	 * The capacity of a device now, or of the roomiest device when {@code device} is
	 * null.
	 */
	public static DeviceCapacity of(Device device) {
		long heap = Runtime.getRuntime().maxMemory();
		List<DeviceCapacity> limits = new ArrayList<>();
		long maxBytes = Pointer.maxBytes();
		if (maxBytes > 0) {
			limits.add(new DeviceCapacity(maxBytes, "JavaCPP's maxBytes of " + TrainingFootprint.gigabytes(maxBytes)
					+ " (raise it with -Dorg.bytedeco.javacpp.maxbytes)"));
		}
		long maxPhysical = Pointer.maxPhysicalBytes();
		if (maxPhysical > 0) {
			limits.add(new DeviceCapacity(Math.max(0, maxPhysical - heap),
					"JavaCPP's maxPhysicalBytes of " + TrainingFootprint.gigabytes(maxPhysical)
							+ " less the Java heap of " + TrainingFootprint.gigabytes(heap)
							+ " (raise it with -Dorg.bytedeco.javacpp.maxphysicalbytes)"));
		}
		long physical = Pointer.totalPhysicalBytes();
		if (physical > 0) {
			limits.add(new DeviceCapacity(Math.max(0, physical - heap), "the machine's physical memory of "
					+ TrainingFootprint.gigabytes(physical) + " less the Java heap"));
		}
		Long free = cudaFreeMemory(device);
		if (free != null) {
			limits.add(new DeviceCapacity(free,
					"the free memory of " + ((device != null) ? device.id() : "the roomiest GPU") + ", "
							+ TrainingFootprint.gigabytes(free)));
		}
		return limits.stream().min(Comparator.comparingLong(DeviceCapacity::bytes)).orElse(null);
	}

	/**
	 * The free memory of a CUDA device (of the roomiest one when {@code device} is null),
	 * or null on the CPU or when ND4J does not report it.
	 */
	private static Long cudaFreeMemory(Device device) {
		if (Nd4j.getEnvironment().isCPU()) {
			return null;
		}
		Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
		if (!(environment.get("cuda.devicesInformation") instanceof List<?> devices)) {
			return null;
		}
		Long found = null;
		for (int i = 0; i < devices.size(); i++) {
			if (device != null && device.index() != i) {
				continue;
			}
			if (devices.get(i) instanceof Map<?, ?> information
					&& information.get("cuda.freeMemory") instanceof Number free) {
				found = (found == null) ? free.longValue() : Math.max(found, free.longValue());
			}
		}
		return found;
	}

}
