/**
 * The domain exceptions every feature throws: invalid input naming a field, not found,
 * conflict, too large, unsupported format, capacity, unavailable, deadline exceeded. They
 * know nothing of HTTP; {@code system.web.ProblemAdvice} maps them to RFC 9457 problems.
 */
package dev.lantern.system.errors;
