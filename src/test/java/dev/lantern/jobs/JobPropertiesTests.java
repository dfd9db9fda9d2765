package dev.lantern.jobs;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class JobPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class)
		.withPropertyValues("lantern.jobs.slots-per-device=1", "lantern.jobs.max-queued=100",
				"lantern.jobs.retry-after=30s", "lantern.jobs.poll-interval=1s", "lantern.jobs.lease=60s",
				"lantern.jobs.heartbeat=10s", "lantern.jobs.on-lease-expiry=requeue", "lantern.jobs.max-attempts=3",
				"lantern.jobs.progress-interval=1s", "lantern.jobs.shutdown-grace=20s",
				"lantern.jobs.events-poll-interval=500ms", "lantern.jobs.events-timeout=1h",
				"lantern.jobs.retention=30d");

	@Test
	void bindsTheDefaults() {
		this.runner.run((context) -> {
			JobProperties properties = context.getBean(JobProperties.class);
			assertThat(properties.onLeaseExpiry()).isEqualTo(JobProperties.OnLeaseExpiry.REQUEUE);
			assertThat(properties.lease()).hasSeconds(60);
		});
	}

	@Test
	void refusesAHeartbeatThatIsNotShorterThanTheLease() {
		this.runner.withPropertyValues("lantern.jobs.heartbeat=60s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("lantern.jobs.heartbeat"));
	}

	@Test
	void refusesZeroSlots() {
		this.runner.withPropertyValues("lantern.jobs.slots-per-device=0")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("slotsPerDevice"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(JobProperties.class)
	static class Properties {

	}

}
