package dev.lantern.vision.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.lantern.datasets.Datasets;
import dev.lantern.system.backend.Device;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.TrainingMemory;
import dev.lantern.vision.dataset.ImageManifest;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNets;

/**
 * What {@code vision-train} and {@code vision-lr-find} check before they build a network,
 * at submission and again when a queued job starts: the architecture exists, the dataset
 * exists and holds images of at least two classes, and the network fits the memory of the
 * device at the spec's batch size (the training memory check, see
 * {@link TrainingMemory}). Both jobs build the same network at the same batch size, so
 * both run the same check.
 */
final class VisionSpecChecks {

	private final Datasets datasets;

	private final VisionNets nets;

	private final TrainingMemory memory;

	VisionSpecChecks(Datasets datasets, VisionNets nets, TrainingMemory memory) {
		this.datasets = datasets;
		this.nets = nets;
		this.memory = memory;
	}

	/**
	 * Checks a spec against the service's state, the memory check against {@code device}
	 * (null: the roomiest): a 400 naming the field when it cannot run.
	 * @param spec the network and data (for {@code vision-lr-find}, its spec as a
	 * training spec)
	 * @param jobType the job type's name, for messages
	 * @param device the job's device, or null at submission
	 * @return the network's spec and the dataset
	 */
	Prepared prepare(VisionTrainSpec spec, String jobType, Device device) {
		Architecture architecture = VisionTrainJob.architecture(spec);
		Datasets.require(this.datasets, spec.datasetId(), "images", "spec.datasetId", jobType);
		Path directory = this.datasets.directory(spec.datasetId());
		ImageManifest manifest;
		try {
			manifest = ImageManifest.read(directory);
		}
		catch (IOException ex) {
			throw new InvalidInputException(
					"The images of dataset '" + spec.datasetId() + "' cannot be read (spec.datasetId)", ex);
		}
		List<String> labels = manifest.labels();
		if (labels.size() < 2) {
			throw InvalidInputException.field("spec.datasetId", "Dataset '" + spec.datasetId() + "' has "
					+ labels.size() + " class; a classifier needs at least two");
		}
		NetSpec netSpec = VisionTrainJob.netSpec(spec, architecture, labels.size());
		this.memory.check(this.nets.footprint(netSpec, spec.batchSize()),
				(spec.width() != null) ? "spec.width" : "spec.architecture", "spec.batchSize", device);
		return new Prepared(netSpec, directory, manifest);
	}

	/**
	 * A spec that passed the checks.
	 *
	 * @param netSpec the network to build
	 * @param directory the dataset's directory
	 * @param manifest the dataset's images
	 */
	record Prepared(NetSpec netSpec, Path directory, ImageManifest manifest) {

	}

}
