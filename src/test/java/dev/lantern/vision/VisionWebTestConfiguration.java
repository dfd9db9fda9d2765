package dev.lantern.vision;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

import dev.lantern.system.LanternProperties;
import dev.lantern.system.security.SecurityProperties;
import dev.lantern.system.web.CorsProperties;
import dev.lantern.system.web.LimitsProperties;
import dev.lantern.vision.image.DecodeSlots;
import dev.lantern.vision.image.ImageUploadProperties;
import dev.lantern.vision.image.ImageUploads;

/**
 * What the vision controllers need in a {@code @WebMvcTest} slice: the real API-key
 * security and the image decoding.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableWebSecurity
@ComponentScan("dev.lantern.system.security")
@EnableConfigurationProperties({ LanternProperties.class, SecurityProperties.class, CorsProperties.class,
		LimitsProperties.class, VisionProperties.class, ImageUploadProperties.class })
@Import({ ImageUploads.class, DecodeSlots.class })
public class VisionWebTestConfiguration {

}
