package dev.lantern.jobs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The jobs API end to end on H2 with the test job types and a queue that polls, beats and
 * reports fast; the test classes that share it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lantern.jobs.max-queued=4", "lantern.jobs.poll-interval=50ms", "lantern.jobs.heartbeat=200ms",
				"lantern.jobs.lease=2s", "lantern.jobs.progress-interval=20ms",
				"lantern.jobs.events-poll-interval=10ms", "lantern.jobs.shutdown-grace=1s" })
@Import(TestJobs.Configuration.class)
@interface JobsApiTest {

}
