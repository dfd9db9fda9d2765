package dev.lantern.vision.weights;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weights limits bind the defaults of application.yaml and refuse values outside
 * their bounds, naming the property.
 */
class WeightsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class)
		.withPropertyValues("lantern.vision.weights.max-file-size=1GB", "lantern.vision.weights.max-tensors=10000",
				"lantern.vision.weights.max-tensor-elements=100000000",
				"lantern.vision.weights.max-total-elements=200000000", "lantern.vision.weights.max-metadata-size=16MB",
				"lantern.vision.weights.max-pickle-operations=2000000", "lantern.vision.weights.max-pickle-depth=32",
				"lantern.vision.weights.max-memo-entries=1000000");

	@Test
	void bindsTheDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(WeightsProperties.class))
			.isEqualTo(WeightsFixtures.defaults()));
	}

	@Test
	void refusesValuesOutsideTheirBounds() {
		this.runner.withPropertyValues("lantern.vision.weights.max-pickle-depth=0")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("maxPickleDepth"));
		this.runner.withPropertyValues("lantern.vision.weights.max-tensor-elements=3000000000")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("maxTensorElements"));
		this.runner.withPropertyValues("lantern.vision.weights.max-metadata-size=1GB")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("lantern.vision.weights.max-metadata-size"));
		this.runner.withPropertyValues("lantern.vision.weights.max-file-size=")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("lantern.vision.weights"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WeightsProperties.class)
	static class Properties {

	}

}
