package dev.lantern.system;

/**
 * A section that a feature adds to {@code GET /api/v1/system}, such as what each device
 * is running.
 */
public interface SystemReportSection {

	/** The section's key in the report. */
	String name();

	/** The section's content, serialized as JSON. */
	Object content();

}
