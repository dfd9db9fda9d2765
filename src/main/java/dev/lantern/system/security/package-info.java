/**
 * API-key security: which requests need a key, keys from configuration, a file or a
 * generated one, and the 401 problem.
 */
package dev.lantern.system.security;
