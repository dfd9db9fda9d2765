package dev.lantern.system.backend;

/**
 * A compute device as ND4J sees it.
 *
 * @param id the stable id used in jobs, metrics and reports ({@code cpu} or
 * {@code cuda:0})
 * @param index ND4J's device index (for the affinity manager)
 * @param kind {@code cpu} or {@code cuda}
 * @param name the processor or GPU name
 * @param totalMemory bytes of memory of the device (for the CPU: the JVM's off-heap
 * limit)
 * @param freeMemory bytes free when the report was made, when ND4J tells
 */
public record Device(String id, int index, String kind, String name, Long totalMemory, Long freeMemory) {

}
