package dev.lantern.vision.train;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import dev.lantern.training.LearningRate;
import dev.lantern.training.ValidLearningRate;
import dev.lantern.vision.augment.TransformSettings;

/**
 * The spec of a {@code vision-train} job: fastai lesson 6's two stages, a frozen body
 * fitted with one cycle, then the whole network with discriminative learning rates.
 * Missing values take the defaults below.
 *
 * @param datasetId the {@code images} dataset to train on
 * @param modelName the model to publish a version of
 * @param architecture the network: {@code resnet18}, {@code resnet34} (lesson 6's choice,
 * the default), {@code resnet50} (torchvision's), {@code resnet50-zoo} (the DL4J zoo's)
 * or {@code simple-cnn}
 * @param pretrained {@code true} (the default: the architecture's default weights, the
 * newest imported weights of its architecture and width, else the configured directory's
 * file; a 400 at submission when there are none), {@code false} (random weights), or the
 * id of imported weights; the published version names the weights
 * @param bnFinal end the head with BatchNorm (fastai {@code bn_final=False}; lesson 6
 * sets it true)
 * @param imageSize the side of the square training images (lesson 6: 224)
 * @param batchSize images per step (fastai {@code bs=64})
 * @param frozenEpochs epochs with the body frozen (lesson 6: 3)
 * @param frozenLr the peak learning rate of the frozen stage, fastai
 * {@code slice(frozenLr)}: the head gets it, earlier groups a tenth (lesson 6: 1e-2); or
 * {@code "auto"}: the learning-rate finder's {@code valley} on the frozen network
 * @param unfrozenEpochs epochs of the whole network (lesson 6: 2)
 * @param unfrozenLrMin the first layer group's peak learning rate, fastai
 * {@code slice(min, max)} (lesson 6: 1e-6)
 * @param unfrozenLrMax the head's peak learning rate (lesson 6: 1e-3); or {@code "auto"}:
 * the finder's {@code valley} on the unfrozen network, after the frozen stage
 * @param pctStart the share of each cycle spent warming up (lesson 6: 0.8)
 * @param weightDecay decoupled weight decay (fastai {@code wd=0.01})
 * @param transforms data augmentation (fastai {@code get_transforms()} defaults)
 * @param seed the seed of initialization, shuffling and augmentation (default 42)
 * @param width the channels of the body's first stage (default the architecture's own, 64
 * for ResNets); smaller widths train small ResNets quickly
 * @param resize an optional progressive-resizing stage after the others: the same network
 * continues on larger images (lesson 6: 352 pixels, 2 epochs at
 * {@code slice(1e-6, 1e-4)}, see {@link ResizeStage}); absent, there is none
 */
public record VisionTrainSpec(@NotBlank String datasetId,
		@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String modelName,
		@Pattern(regexp = "[a-z0-9-]{1,40}") String architecture, PretrainedChoice pretrained, Boolean bnFinal,
		@Min(16) @Max(1024) Integer imageSize, @Min(1) @Max(1024) Integer batchSize,
		@Min(0) @Max(1000) Integer frozenEpochs, @ValidLearningRate LearningRate frozenLr,
		@Min(0) @Max(1000) Integer unfrozenEpochs,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double unfrozenLrMin,
		@ValidLearningRate LearningRate unfrozenLrMax, @DecimalMin("0") @DecimalMax("1") Double pctStart,
		@DecimalMin("0") @DecimalMax("1") Double weightDecay, @Valid TransformSettings transforms, Long seed,
		@Min(4) @Max(256) Integer width, @Valid ResizeStage resize) {

	public VisionTrainSpec {
		architecture = (architecture != null) ? architecture : "resnet34";
		pretrained = (pretrained != null) ? pretrained : PretrainedChoice.DEFAULT;
		bnFinal = (bnFinal != null) ? bnFinal : false;
		imageSize = (imageSize != null) ? imageSize : 224;
		batchSize = (batchSize != null) ? batchSize : 64;
		frozenEpochs = (frozenEpochs != null) ? frozenEpochs : 3;
		frozenLr = (frozenLr != null) ? frozenLr : LearningRate.of(1e-2);
		unfrozenEpochs = (unfrozenEpochs != null) ? unfrozenEpochs : 2;
		unfrozenLrMin = (unfrozenLrMin != null) ? unfrozenLrMin : 1e-6;
		unfrozenLrMax = (unfrozenLrMax != null) ? unfrozenLrMax : LearningRate.of(1e-3);
		pctStart = (pctStart != null) ? pctStart : 0.8;
		weightDecay = (weightDecay != null) ? weightDecay : 1e-2;
		transforms = (transforms != null) ? transforms.withDefaults() : TransformSettings.FASTAI;
		seed = (seed != null) ? seed : 42L;
	}

	/** A spec without a progressive-resizing stage. */
	public VisionTrainSpec(String datasetId, String modelName, String architecture, PretrainedChoice pretrained,
			Boolean bnFinal, Integer imageSize, Integer batchSize, Integer frozenEpochs, LearningRate frozenLr,
			Integer unfrozenEpochs, Double unfrozenLrMin, LearningRate unfrozenLrMax, Double pctStart,
			Double weightDecay, TransformSettings transforms, Long seed, Integer width) {
		this(datasetId, modelName, architecture, pretrained, bnFinal, imageSize, batchSize, frozenEpochs, frozenLr,
				unfrozenEpochs, unfrozenLrMin, unfrozenLrMax, pctStart, weightDecay, transforms, seed, width, null);
	}

	/**
	 * The side of the images the trained network last saw: the resize stage's, if any.
	 */
	public int finalImageSize() {
		return (this.resize != null) ? this.resize.imageSize() : this.imageSize;
	}

	/** A spec with every default, for a dataset and a model name. */
	public static VisionTrainSpec of(String datasetId, String modelName) {
		return new VisionTrainSpec(datasetId, modelName, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null);
	}

}
