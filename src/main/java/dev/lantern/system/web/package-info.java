/**
 * The web layer's shared parts: the advice that turns every error into an RFC 9457
 * problem (the one place a domain exception gets its HTTP status), request size limits,
 * CORS and the OpenAPI document.
 */
package dev.lantern.system.web;
