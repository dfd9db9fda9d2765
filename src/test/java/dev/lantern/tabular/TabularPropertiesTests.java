package dev.lantern.tabular;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lantern.datasets.DatasetProperties;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code lantern.tabular} and {@code lantern.datasets} defaults of
 * {@code application.yaml} bind and validate; bad values stop the application.
 */
class TabularPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ TabularProperties.class, DatasetProperties.class })
	static class Properties {

	}

	@Test
	void bindsTheLessonsDefaults() {
		this.runner.run((context) -> {
			TabularProperties tabular = context.getBean(TabularProperties.class);
			assertThat(tabular.layers()).isEqualTo(List.of(1000, 500));
			assertThat(tabular.ps()).isEqualTo(List.of(0.001, 0.01));
			assertThat(tabular.embeddingDropout()).isEqualTo(0.04);
			assertThat(tabular.yRangeHeadroom()).isEqualTo(1.2);
			assertThat(tabular.epochs()).as("chosen from the data").isNull();
			assertThat(tabular.learningRate()).as("chosen from the data").isNull();
			assertThat(tabular.batchSize()).as("chosen from the data").isNull();
			assertThat(tabular.weightDecay()).isEqualTo(0.4);
			assertThat(tabular.validDays()).isEqualTo(48);
			assertThat(tabular.defaultPreset()).isEqualTo("rossmann");
			assertThat(context.getBean(DatasetProperties.class).maxFieldChars()).isEqualTo(100_000);
		});
	}

	@Test
	void refusesADropoutOfOneOrMore() {
		this.runner.withPropertyValues("lantern.tabular.ps=0.5,1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("lantern.tabular.ps"));
	}

}
