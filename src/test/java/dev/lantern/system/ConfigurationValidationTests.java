package dev.lantern.system;

import org.junit.jupiter.api.Test;

import dev.lantern.models.store.ModelStoreProperties;
import dev.lantern.system.backend.BackendProperties;
import dev.lantern.system.security.SecurityProperties;
import dev.lantern.system.web.LimitsProperties;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid configuration stops the start with a message naming the property.
 */
class ConfigurationValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(AllProperties.class)
		.withPropertyValues("lantern.data-dir=target/x", "lantern.model-store.path=target/x/models",
				"lantern.instance.heartbeat=10s", "lantern.backend.expected=auto",
				"lantern.backend.on-unavailable=fallback", "lantern.limits.max-upload-size=1MB",
				"lantern.limits.max-request-size=1MB", "lantern.security.api-keys=k");

	@Test
	void validConfigurationStarts() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void missingValueIsNamed() {
		this.runner.withPropertyValues("lantern.instance.heartbeat=")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("lantern.instance"));
	}

	@Test
	void unknownEnumValueIsNamed() {
		this.runner.withPropertyValues("lantern.backend.expected=tpu")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("lantern.backend.expected"));
	}

	@Test
	void malformedSizeIsNamed() {
		this.runner.withPropertyValues("lantern.limits.max-upload-size=huge")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("lantern.limits.max-upload-size"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ LanternProperties.class, ModelStoreProperties.class, InstanceProperties.class,
			BackendProperties.class, LimitsProperties.class, SecurityProperties.class })
	static class AllProperties {

	}

}
