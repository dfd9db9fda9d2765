package dev.lantern.jobs;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The jobs this replica runs right now, by id.
 */
@Component
class ActiveJobs {

	private final Map<UUID, JobRun> runs = new ConcurrentHashMap<>();

	void add(JobRun run) {
		this.runs.put(run.jobId(), run);
	}

	void remove(JobRun run) {
		this.runs.remove(run.jobId(), run);
	}

	Optional<JobRun> get(UUID id) {
		return Optional.ofNullable(this.runs.get(id));
	}

	Collection<JobRun> all() {
		return List.copyOf(this.runs.values());
	}

	Set<UUID> ids() {
		return Set.copyOf(this.runs.keySet());
	}

	boolean isEmpty() {
		return this.runs.isEmpty();
	}

	/** The ids of the jobs running on one device. */
	List<UUID> on(String device) {
		return this.runs.values()
			.stream()
			.filter((run) -> run.device().id().equals(device))
			.map(JobRun::jobId)
			.sorted()
			.toList();
	}

}
