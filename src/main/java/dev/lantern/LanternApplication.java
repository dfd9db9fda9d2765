package dev.lantern;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Lantern: trains and serves fast.ai Lesson 6's tabular and vision models as a REST
 * service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LanternApplication {

	public static void main(String[] args) {
		SpringApplication.run(LanternApplication.class, args);
	}

}
