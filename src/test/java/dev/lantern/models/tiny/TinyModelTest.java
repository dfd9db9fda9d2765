package dev.lantern.models.tiny;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * An application context with the {@code tiny} model kind, small queues and short time
 * limits, shared by the registry, runtime and protocol tests (each uses its own model
 * names).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = { "lantern.inference.queue-capacity=32", "lantern.inference.request-timeout=1500ms",
		"lantern.inference.max-batch-size=8", "lantern.inference.max-batch-delay=20ms",
		"lantern.model-store.path=target/test-data/models-${random.uuid}" })
@AutoConfigureMockMvc
@Import(TinyModelKind.class)
public @interface TinyModelTest {

}
