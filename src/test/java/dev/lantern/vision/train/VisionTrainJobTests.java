package dev.lantern.vision.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.models.store.ModelStore.ArtifactWriter;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.training.TrainingCallback;
import dev.lantern.training.TrainingMemory;
import dev.lantern.training.TrainingProperties;
import dev.lantern.vision.SingleThreadedNd4j;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.dataset.PetsSampleRequest;
import dev.lantern.vision.dataset.SyntheticPets;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;
import dev.lantern.vision.weights.PretrainedWeightsInfo;
import dev.lantern.vision.weights.PretrainedWeightsStore;
import dev.lantern.vision.weights.WeightsFiles;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The {@code vision-train} job with its collaborators mocked: it trains on an images
 * dataset and publishes a {@code vision} version with everything a server needs.
 */
@ExtendWith(SingleThreadedNd4j.class)
class VisionTrainJobTests {

	@TempDir
	Path data;

	@TempDir
	Path published;

	private final Datasets datasets = mock(Datasets.class);

	private final ModelPublisher publisher = mock(ModelPublisher.class);

	private final JobContext context = mock(JobContext.class);

	private final PretrainedWeightsStore store = mock(PretrainedWeightsStore.class);

	private final VisionTrainJob job = new VisionTrainJob(this.datasets, this.publisher,
			new VisionNets(new NetsProperties(null)),
			new BodyWeights(this.store, mock(WeightsFiles.class), new NetsProperties(null)),
			new VisionProperties(10, DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 1_000_000, 2, 2, 8),
			new TrainingMemory(TrainingProperties.DEFAULTS));

	@Test
	void trainsAndPublishesAVisionVersionWithItsMetadata() throws Exception {
		SyntheticPets.generate(this.data, new PetsSampleRequest("p", 2, 12, 48, 0.25, 3L));
		given(this.datasets.get("d1")).willReturn(new Dataset("d1", "p", "images", Instant.now(), Map.of()));
		given(this.datasets.directory("d1")).willReturn(this.data);
		UUID jobId = UUID.randomUUID();
		given(this.context.jobId()).willReturn(jobId);
		given(this.context.callback()).willReturn(TrainingCallback.NONE);
		AtomicReference<NewModelVersion> captured = new AtomicReference<>();
		given(this.publisher.publish(any())).willAnswer((call) -> {
			NewModelVersion version = call.getArgument(0);
			captured.set(version);
			for (Map.Entry<String, ArtifactWriter> file : version.files().entrySet()) {
				try (OutputStream out = Files.newOutputStream(this.published.resolve(file.getKey()))) {
					file.getValue().writeTo(out);
				}
			}
			return new ModelVersionInfo(version.name(), 4, version.kind(), true, jobId, version.pretrained(),
					version.inputSchema(), version.labels(), version.metrics(), Instant.now());
		});
		VisionTrainSpec spec = new VisionTrainSpec("d1", "pets", "simple-cnn", PretrainedChoice.NONE, false, 32, 8, 1,
				dev.lantern.training.LearningRate.of(1e-2), 1, 1e-3, dev.lantern.training.LearningRate.of(1e-2), 0.3,
				1e-2, TransformSettings.FASTAI, 1L, null);

		JobOutcome outcome = this.job.run(spec, this.context);

		assertThat(outcome.modelName()).isEqualTo("pets");
		assertThat(outcome.modelVersion()).isEqualTo(4);
		NewModelVersion version = captured.get();
		assertThat(version.kind()).isEqualTo("vision");
		assertThat(version.jobId()).isEqualTo(jobId);
		assertThat(version.pretrained()).isFalse();
		assertThat(version.weights()).isNull();
		assertThat(version.labels()).containsExactly("Abyssinian", "beagle");
		assertThat(version.inputSchema()).containsEntry("imageSize", 32).containsEntry("layout", "NCHW");
		assertThat(version.metrics()).containsKeys("error_rate", "valid_loss", "train_loss");
		assertThat(version.files()).containsKeys(VisionModelFiles.MODEL, VisionModelFiles.METADATA,
				VisionModelFiles.INTERPRETATION, VisionModelFiles.CONFUSION_PNG);
		VisionModelMetadata metadata = VisionModelFiles.readMetadata(this.published);
		assertThat(metadata.labels()).containsExactly("Abyssinian", "beagle");
		assertThat(metadata.pretrained()).isFalse();
		assertThat(VisionModelFiles.readGraph(this.published).getNumOutputArrays()).isEqualTo(1);
		assertThat(VisionModelFiles.readInterpretation(this.published).images()).isEqualTo(6);
	}

	@Test
	void refusesPretrainedTrueWithoutWeightsAtSubmissionSayingHowToAddThem() throws IOException {
		imagesDataset();
		given(this.store.newest("resnet34", 64)).willReturn(Optional.empty());
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.admit(spec("resnet34", PretrainedChoice.DEFAULT, null)))
			.withMessageContaining("No pretrained weights for resnet34")
			.withMessageContaining("POST /api/v1/pretrained")
			.withMessageContaining("pretrained to false")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.pretrained"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.admit(spec("simple-cnn", PretrainedChoice.DEFAULT, null)))
			.withMessageContaining("simple-cnn has no pretrained weights")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.pretrained"));
		this.job.admit(spec("resnet34", PretrainedChoice.NONE, null));
	}

	@Test
	void refusesUnknownWeightsAndWeightsOfAnotherArchitectureOrWidth() throws IOException {
		imagesDataset();
		given(this.store.get("nope")).willThrow(new NotFoundException("pretrained weights", "nope"));
		given(this.store.get("w18")).willReturn(info("w18", "resnet18", 64));
		given(this.store.get("w34")).willReturn(info("w34", "resnet34", 8));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.admit(spec("resnet34", PretrainedChoice.weights("nope"), null)))
			.withMessageContaining("No pretrained weights have the id 'nope'")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.pretrained"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.admit(spec("resnet34", PretrainedChoice.weights("w18"), null)))
			.withMessageContaining("are resnet18 weights; the spec's architecture is resnet34")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.pretrained"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.admit(spec("resnet34", PretrainedChoice.weights("w34"), null)))
			.withMessageContaining("base width 8; the spec's width is 64")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.pretrained"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.admit(spec("resnet34", PretrainedChoice.weights("../../etc"), null)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.pretrained"));
		this.job.admit(spec("resnet34", PretrainedChoice.weights("w34"), 8));
	}

	@Test
	void refusesAResizeStageThatDoesNotGrowTheImages() throws IOException {
		imagesDataset();
		VisionTrainSpec shrinking = new VisionTrainSpec("d1", "m", "resnet34", PretrainedChoice.NONE, null, 224, 2,
				null, null, null, null, null, null, null, null, null, 8,
				new ResizeStage(128, null, null, null, null, null));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.admit(shrinking))
			.withMessageContaining("must be more than imageSize (224)")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.resize.imageSize"));
		VisionTrainSpec inverted = new VisionTrainSpec("d1", "m", "resnet34", PretrainedChoice.NONE, null, 224, 2, null,
				null, null, null, null, null, null, null, null, 8, new ResizeStage(null, null, null, 1e-2, 1e-4, null));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.admit(inverted))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.resize.lrMin"));
		this.job.admit(new VisionTrainSpec("d1", "m", "resnet34", PretrainedChoice.NONE, null, 224, 2, null, null, null,
				null, null, null, null, null, null, 8, ResizeStage.LESSON));
		VisionTrainSpec tooLarge = new VisionTrainSpec("d1", "m", "resnet34", PretrainedChoice.NONE, null, 224, 2, null,
				null, null, null, null, null, null, null, null, null,
				new ResizeStage(1024, null, 64, null, null, null));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.admit(tooLarge))
			.satisfies((ex) -> assertThat(ex.field()).startsWith("spec.resize."));
	}

	private void imagesDataset() throws IOException {
		SyntheticPets.generate(this.data, new PetsSampleRequest("p", 2, 4, 32, 0.25, 3L));
		given(this.datasets.get("d1")).willReturn(new Dataset("d1", "p", "images", Instant.now(), Map.of()));
		given(this.datasets.directory("d1")).willReturn(this.data);
	}

	private static VisionTrainSpec spec(String architecture, PretrainedChoice pretrained, Integer width) {
		// Small images and batches, so that the network fits the memory check.
		return new VisionTrainSpec("d1", "m", architecture, pretrained, null, 32, 2, null, null, null, null, null, null,
				null, null, null, width);
	}

	private static PretrainedWeightsInfo info(String id, String architecture, int width) {
		return new PretrainedWeightsInfo(id, architecture, width, "pytorch", "F32", id + ".pth", "0".repeat(64), 1, 1,
				List.of(), Instant.now());
	}

	@Test
	void refusesUnknownArchitecturesAndOtherDatasetKinds() {
		given(this.datasets.get("t1")).willReturn(new Dataset("t1", "sales", "tabular", Instant.now(), Map.of()));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.run(new VisionTrainSpec("t1", "m", "resnet99", null, null, null, null, null,
					null, null, null, null, null, null, null, null, null), this.context))
			.withMessageContaining("resnet99")
			.withMessageContaining("simple-cnn")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.architecture"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.job.run(new VisionTrainSpec("t1", "m", "simple-cnn", null, null, null, null, null,
					null, null, null, null, null, null, null, null, null), this.context))
			.withMessageContaining("tabular")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.datasetId"));
	}

}
