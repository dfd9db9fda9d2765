package dev.lantern.system.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-origin access for web frontends. With no allowed origins (the default), no CORS
 * headers are sent and browsers on other origins are refused.
 *
 * @param allowedOrigins origins (or origin patterns such as
 * {@code https://*.example.com}) allowed to call the API
 * @param allowedMethods HTTP methods allowed
 * @param allowedHeaders request headers allowed
 * @param exposedHeaders response headers a browser may read
 * @param maxAge how long browsers may cache a preflight answer
 */
@ConfigurationProperties("lantern.web.cors")
@Validated
public record CorsProperties(@NotNull List<String> allowedOrigins, @NotNull List<String> allowedMethods,
		@NotNull List<String> allowedHeaders, @NotNull List<String> exposedHeaders, @NotNull Duration maxAge) {

}
