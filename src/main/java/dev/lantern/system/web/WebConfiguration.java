package dev.lantern.system.web;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Upload limits and CORS, from {@link LimitsProperties} and {@link CorsProperties}.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	MultipartConfigElement multipartConfigElement(LimitsProperties limits) {
		MultipartConfigFactory factory = new MultipartConfigFactory();
		factory.setMaxFileSize(limits.maxUploadSize());
		factory.setMaxRequestSize(limits.maxRequestSize());
		// Parts are streamed to disk beyond this size instead of being held in memory.
		factory.setFileSizeThreshold(org.springframework.util.unit.DataSize.ofMegabytes(1));
		return factory.createMultipartConfig();
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties cors) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (cors.allowedOrigins().isEmpty()) {
			return source;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(cors.allowedOrigins());
		configuration.setAllowedMethods(cors.allowedMethods());
		configuration.setAllowedHeaders(cors.allowedHeaders());
		configuration.setExposedHeaders(cors.exposedHeaders());
		configuration.setMaxAge(cors.maxAge());
		source.registerCorsConfiguration("/api/**", configuration);
		source.registerCorsConfiguration("/v2/**", configuration);
		return source;
	}

}
