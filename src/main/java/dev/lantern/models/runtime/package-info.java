/**
 * The inference runtime: loaded versions in a bounded cache, per-device workers that own
 * their model copies, bounded request queues and dynamic batching. HTTP threads queue an
 * {@code InferenceRequest} and wait for its future, as djl-serving's work-load manager
 * does.
 */
package dev.lantern.models.runtime;
