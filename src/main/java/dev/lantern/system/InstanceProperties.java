package dev.lantern.system;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * This replica's identity among those sharing a database.
 *
 * @param id the instance id; empty generates host-pid-random (set it to the pod name in
 * Kubernetes for readable reports)
 * @param heartbeat how often the instance renews its heartbeat; after three missed
 * heartbeats it is taken as dead and its running jobs are recovered
 */
@ConfigurationProperties("lantern.instance")
@Validated
public record InstanceProperties(String id, @NotNull Duration heartbeat) {

}
