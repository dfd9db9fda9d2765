package dev.lantern.models.runtime;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code lantern.inference} defaults of {@code application.yaml} bind; the settings
 * that bound a worker's memory (copies, activation budget, batch, queue) refuse values
 * outside their range, so the application does not start.
 */
class InferencePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(InferenceProperties.class)
	static class Properties {

	}

	@Test
	void bindsTheDefaults() {
		this.runner.run((context) -> {
			InferenceProperties inference = context.getBean(InferenceProperties.class);
			assertThat(inference.workersPerDevice()).isEqualTo(1);
			assertThat(inference.maxBatchSize()).isEqualTo(32);
			assertThat(inference.queueCapacity()).isEqualTo(256);
			assertThat(inference.workerMemory()).isEqualTo(DataSize.ofGigabytes(1));
		});
	}

	@Test
	void acceptsTheLimitsThemselves() {
		this.runner
			.withPropertyValues("lantern.inference.workers-per-device=64", "lantern.inference.max-batch-size=4096",
					"lantern.inference.queue-capacity=65536", "lantern.inference.worker-memory=1TB")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("lantern.inference.worker-memory=1MB")
			.run((context) -> assertThat(context.getBean(InferenceProperties.class).workerMemory())
				.isEqualTo(DataSize.ofMegabytes(1)));
	}

	@Test
	void refusesAWorkerMemoryOutsideItsBounds() {
		for (String bad : new String[] { "1023KB", "0", "-1GB", "1025GB", "2TB" }) {
			this.runner.withPropertyValues("lantern.inference.worker-memory=" + bad)
				.run((context) -> assertThat(context).as(bad)
					.hasFailed()
					.getFailure()
					.hasStackTraceContaining("workerMemory")
					.hasStackTraceContaining("must be between 1MB and 1TB"));
		}
	}

	@Test
	void refusesValuesOutsideTheirRange() {
		String[][] cases = { { "lantern.inference.workers-per-device=0", "workersPerDevice" },
				{ "lantern.inference.workers-per-device=65", "workersPerDevice" },
				{ "lantern.inference.max-batch-size=0", "maxBatchSize" },
				{ "lantern.inference.max-batch-size=4097", "maxBatchSize" },
				{ "lantern.inference.queue-capacity=0", "queueCapacity" },
				{ "lantern.inference.queue-capacity=65537", "queueCapacity" },
				{ "lantern.inference.worker-memory=", "workerMemory" },
				{ "lantern.inference.worker-memory=lots", "lantern.inference.worker-memory" } };
		for (String[] bad : cases) {
			this.runner.withPropertyValues(bad[0])
				.run((context) -> assertThat(context).as(bad[0])
					.hasFailed()
					.getFailure()
					.hasStackTraceContaining(bad[1]));
		}
	}

}
