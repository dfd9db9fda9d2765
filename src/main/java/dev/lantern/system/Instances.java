package dev.lantern.system;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The replicas sharing one database. Each instance registers at startup, renews its
 * heartbeat every {@code lantern.instance.heartbeat} and removes itself on a graceful
 * stop; an instance whose heartbeat is older than three periods is taken as dead.
 */
@Component
public class Instances implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Instances.class);

	private final JdbcClient jdbc;

	private final InstanceProperties properties;

	private final String self;

	private volatile boolean running;

	Instances(JdbcClient jdbc, InstanceProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.self = (properties.id() != null && !properties.id().isBlank()) ? properties.id() : generatedId();
	}

	/** This instance's id, unique among replicas. */
	public String self() {
		return this.self;
	}

	/** The instances whose heartbeat is recent, this one included. */
	public List<Instance> live() {
		Instant cutoff = Instant.now().minus(staleAfter());
		return this.jdbc
			.sql("SELECT id, host, started_at, heartbeat_at FROM instances WHERE heartbeat_at >= ? ORDER BY id")
			.param(Timestamp.from(cutoff))
			.query((rs, row) -> new Instance(rs.getString("id"), rs.getString("host"),
					rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("heartbeat_at").toInstant()))
			.list();
	}

	/** Whether an instance has sent a heartbeat recently. */
	public boolean isLive(String id) {
		Instant cutoff = Instant.now().minus(staleAfter());
		return this.jdbc.sql("SELECT COUNT(*) FROM instances WHERE id = ? AND heartbeat_at >= ?")
			.params(id, Timestamp.from(cutoff))
			.query(Integer.class)
			.single() > 0;
	}

	/** How old a heartbeat may be before its instance is taken as dead. */
	public Duration staleAfter() {
		return this.properties.heartbeat().multipliedBy(3);
	}

	@Scheduled(fixedDelayString = "${lantern.instance.heartbeat}")
	void heartbeat() {
		if (!this.running) {
			return;
		}
		int updated = this.jdbc.sql("UPDATE instances SET heartbeat_at = ? WHERE id = ?")
			.params(Timestamp.from(Instant.now()), this.self)
			.update();
		if (updated == 0) {
			register();
		}
	}

	@Override
	public void start() {
		register();
		this.running = true;
		log.info("Instance {} registered", this.self);
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.jdbc.sql("DELETE FROM instances WHERE id = ?").param(this.self).update();
		}
		catch (RuntimeException ex) {
			log.warn("Could not deregister instance {}", this.self, ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the workers (which use the default phase), so their leases stay valid.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	private void register() {
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("DELETE FROM instances WHERE id = ?").param(this.self).update();
		this.jdbc.sql("INSERT INTO instances (id, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?)")
			.params(this.self, host(), now, now)
			.update();
	}

	private static String generatedId() {
		return host() + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

	/**
	 * A replica.
	 *
	 * @param id its id
	 * @param host its host name (the pod name in Kubernetes)
	 * @param startedAt when it registered
	 * @param heartbeatAt its last heartbeat
	 */
	public record Instance(String id, String host, Instant startedAt, Instant heartbeatAt) {

	}

}
