package dev.lantern.tabular;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The preset beans found by name: the default, unknown names refused naming the field and
 * the known names (at submission through Spring's validator, and when a job runs), and a
 * configuration that names no preset stopping the start.
 */
class TabularPresetsTests {

	@Test
	void aSpecWithoutAPresetGetsTheConfiguredDefault() {
		TabularPresets presets = TabularTestModel.presets(TabularTestModel.DEFAULTS);
		assertThat(presets.names()).containsExactly("none", "rossmann");
		assertThat(presets.get(null).name()).isEqualTo("rossmann");
		assertThat(presets.get("none")).isInstanceOf(PlainPreset.class);
		assertThat(presets.groupColumn("rossmann")).isEqualTo("Store");
		assertThat(presets.groupColumn("none")).isNull();
	}

	@Test
	void anUnknownPresetIsRefusedNamingTheFieldAndTheKnownOnes() {
		TabularPresets presets = TabularTestModel.presets(TabularTestModel.DEFAULTS);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> presets.get("walmart"))
			.withMessage("Unknown tabular preset 'walmart'; known presets: none, rossmann")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("preset"));
		assertThatIllegalStateException().isThrownBy(() -> presets.ofVersion("walmart"))
			.withMessageContaining("'walmart', which this build does not have");
	}

	@Test
	void aDefaultThatIsNoPresetStopsTheStartNamingTheProperty() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new TabularPresets(List.of(new PlainPreset()), TabularTestModel.DEFAULTS))
			.withMessage(
					"lantern.tabular.default-preset is 'rossmann', which is not a tabular preset; known presets: none");
	}

	@Test
	void twoPresetsOfOneNameStopTheStart() {
		PlainPreset plain = new PlainPreset();
		assertThatIllegalStateException()
			.isThrownBy(() -> new TabularPresets(List.of(plain, plain), TabularTestModel.DEFAULTS))
			.withMessageContaining("Two tabular presets are named 'none'");
	}

	@Test
	void springsValidatorRefusesAnUnknownPresetInASpecListingTheKnownOnes() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withBean(TabularPresets.class, () -> TabularTestModel.presets(TabularTestModel.DEFAULTS))
			.run((context) -> {
				Validator validator = context.getBean(Validator.class);
				Set<ConstraintViolation<TabularTrainSpec>> violations = validator.validate(spec("${1+1} {walmart}"));
				assertThat(violations).singleElement().satisfies((violation) -> {
					assertThat(violation.getPropertyPath()).hasToString("preset");
					assertThat(violation.getMessage())
						.isEqualTo("is not a tabular preset; known presets: none, rossmann");
				});
				assertThat(validator.validate(spec("none"))).isEmpty();
				assertThat(validator.validate(spec(null))).isEmpty();
			});
	}

	private static TabularTrainSpec spec(String preset) {
		return new TabularTrainSpec("sales", "d1", null, null, preset, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null);
	}

}
