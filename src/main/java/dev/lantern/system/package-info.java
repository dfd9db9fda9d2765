/**
 * The foundation every feature stands on: validated configuration, the replica registry
 * and the system report. {@code system} and its subpackages import no feature.
 */
package dev.lantern.system;
