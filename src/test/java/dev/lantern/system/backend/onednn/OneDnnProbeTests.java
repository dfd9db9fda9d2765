package dev.lantern.system.backend.onednn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class OneDnnProbeTests {

	@AfterEach
	void restore() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void probeFindsConvolutionBatchNormAndPoolingActive() {
		OneDnnHelpers.configure(true);

		OneDnnStatus status = OneDnnProbe.run(true);

		assertThat(status.applicable()).isTrue();
		assertThat(status.active()).as(String.valueOf(status.reason())).isTrue();
		assertThat(status.reason()).isNull();
		assertThat(status.layers()).containsOnlyKeys("ConvolutionLayer", "BatchNormalization", "SubsamplingLayer");
		assertThat(status.layers().get("ConvolutionLayer").helper()).isEqualTo("MKLDNNConvHelper");
		assertThat(status.layers().get("BatchNormalization").helper()).isEqualTo("MKLDNNBatchNormHelper");
		assertThat(status.layers().get("SubsamplingLayer").helper()).isEqualTo("MKLDNNSubsamplingHelper");
	}

	@Test
	void probeSaysWhyWhenSwitchedOff() {
		OneDnnHelpers.configure(false);

		OneDnnStatus status = OneDnnProbe.run(false);

		assertThat(status.active()).isFalse();
		assertThat(status.reason()).contains("lantern.backend.onednn=false");
		assertThat(status.layers().values()).allSatisfy((layer) -> {
			assertThat(layer.active()).isFalse();
			assertThat(layer.reason()).contains("lantern.backend.onednn=false");
		});
	}

	@Test
	void shimDelegatesToTheNativeEnvironment() throws ReflectiveOperationException {
		// Reflection, as the native class only exists in the CPU backend.
		Class<?> nativeType = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
		Object environment = nativeType.getMethod("getInstance").invoke(null);
		boolean nativeFlag = (Boolean) nativeType.getMethod("isUseONEDNN").invoke(environment);

		assertThat(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN()).isEqualTo(nativeFlag).isTrue();
	}

	@Test
	void environmentSwitchSetsDl4jsPropertyBeforeBeansExist() {
		OneDnnEnvironmentPostProcessor processor = new OneDnnEnvironmentPostProcessor();

		processor.postProcessEnvironment(new MockEnvironment().withProperty("lantern.backend.onednn", "false"), null);
		assertThat(System.getProperty(OneDnnHelpers.DISABLE_PROPERTY)).isEqualTo("true");
		assertThat(OneDnnHelpers.requested()).isFalse();

		processor.postProcessEnvironment(new MockEnvironment(), null);
		assertThat(System.getProperty(OneDnnHelpers.DISABLE_PROPERTY)).isEqualTo("false");
		assertThat(OneDnnHelpers.requested()).isTrue();
	}

	@Test
	void trainingHelperSwitchesAreReadFromTheConfiguration() {
		OneDnnEnvironmentPostProcessor processor = new OneDnnEnvironmentPostProcessor();
		try {
			processor.postProcessEnvironment(new MockEnvironment().withProperty("lantern.vision.onednn-conv", "false")
				.withProperty("lantern.vision.onednn-batchnorm", "FALSE")
				.withProperty("lantern.vision.onednn-batchnorm-blocked", "false")
				.withProperty("lantern.vision.onednn-relu", " false "), null);
			assertThat(System.getProperty(OneDnnConvolutions.BATCH_NORM_BLOCKED_SWITCH)).isEqualTo("false");
			assertThat(OneDnnConvolutions.enabled()).isFalse();
			assertThat(OneDnnConvolutions.batchNormEnabled()).isFalse();
			assertThat(OneDnnConvolutions.reluEnabled()).isFalse();
			assertThat(OneDnnConvolutions.trainingHelpers())
				.containsEntry("ConvolutionLayer", "DL4J's helper: lantern.vision.onednn-conv=false")
				.containsEntry("BatchNormalization", "DL4J's helper: lantern.vision.onednn-batchnorm=false")
				.containsEntry("ActivationLayer (ReLU)", "DL4J's layer: lantern.vision.onednn-relu=false");

			processor.postProcessEnvironment(
					new MockEnvironment().withProperty("lantern.vision.onednn-batchnorm", "true"), null);
			assertThat(OneDnnConvolutions.batchNormEnabled()).isTrue();
			assertThat(OneDnnConvolutions.trainingHelpers()).containsEntry("BatchNormalization",
					"OneDnnBatchNormHelper");
			assertThat(OneDnnConvolutions.reluEnabled()).isFalse();

			processor.postProcessEnvironment(new MockEnvironment().withProperty("lantern.vision.onednn-relu", "true"),
					null);
			assertThat(OneDnnConvolutions.trainingHelpers()).containsEntry("ActivationLayer (ReLU)", "OneDnnReluLayer");
		}
		finally {
			System.clearProperty(OneDnnConvolutions.SWITCH);
			System.clearProperty(OneDnnConvolutions.BATCH_NORM_SWITCH);
			System.clearProperty(OneDnnConvolutions.RELU_SWITCH);
			System.clearProperty(OneDnnConvolutions.BATCH_NORM_BLOCKED_SWITCH);
			OneDnnHelpers.configure(true);
		}
	}

}
