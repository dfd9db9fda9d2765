package dev.lantern.system.backend.onednn;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Applies {@code lantern.backend.onednn} to DL4J (and {@code lantern.vision.onednn-conv},
 * {@code lantern.vision.onednn-batchnorm},
 * {@code lantern.vision.onednn-batchnorm-blocked} and {@code lantern.vision.onednn-relu}
 * to {@link OneDnnConvolutions}, when set) before any bean can build a network or restore
 * a model: environment post-processors run once the configuration files are read and
 * before the application context creates its first bean. Registered in
 * {@code META-INF/spring.factories}.
 */
class OneDnnEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "lantern.backend.onednn";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		OneDnnHelpers.configure(environment.getProperty(PROPERTY, Boolean.class, true));
		for (String property : new String[] { OneDnnConvolutions.SWITCH, OneDnnConvolutions.BATCH_NORM_SWITCH,
				OneDnnConvolutions.BATCH_NORM_BLOCKED_SWITCH, OneDnnConvolutions.RELU_SWITCH }) {
			String value = environment.getProperty(property);
			if (value != null) {
				System.setProperty(property, String.valueOf(!"false".equalsIgnoreCase(value.trim())));
			}
		}
	}

	/** After the configuration files and profiles have been read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
