/**
 * The ND4J backend: which one loaded (CPU or CUDA), its devices, native memory settings
 * and what the system report and {@code /actuator/info} say about them.
 */
package dev.lantern.system.backend;
