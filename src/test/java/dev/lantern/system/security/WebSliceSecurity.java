package dev.lantern.system.security;

import dev.lantern.system.LanternProperties;
import dev.lantern.system.web.LimitsProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

/**
 * Brings the API-key security, and the properties it and the problem advice read, into
 * {@code @WebMvcTest} slices, which scan neither configuration classes nor properties.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(SecurityConfiguration.class)
@EnableWebSecurity
@EnableConfigurationProperties({ SecurityProperties.class, LanternProperties.class, LimitsProperties.class })
public class WebSliceSecurity {

}
