package dev.lantern.vision.train;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.lantern.jobs.JobQueue;
import dev.lantern.vision.weights.WeightsUsers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Imported weights are in use while a queued or running {@code vision-train} job names
 * them by id.
 */
@Component
class VisionTrainWeightsUsers implements WeightsUsers {

	private final ObjectProvider<JobQueue> jobs;

	VisionTrainWeightsUsers(ObjectProvider<JobQueue> jobs) {
		this.jobs = jobs;
	}

	@Override
	public Optional<String> userOf(String weightsId) {
		for (Map.Entry<UUID, Object> job : this.jobs.getObject().unfinishedSpecs(VisionTrainJob.NAME).entrySet()) {
			if (job.getValue() instanceof VisionTrainSpec spec && spec.pretrained() != null
					&& weightsId.equals(spec.pretrained().weightsId())) {
				return Optional.of("vision-train job " + job.getKey() + " (queued or running)");
			}
		}
		return Optional.empty();
	}

}
