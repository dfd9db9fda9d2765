package dev.lantern.vision.train;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import dev.lantern.vision.TestImages;
import dev.lantern.vision.augment.Augmenter;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.image.ImageDecoder;
import dev.lantern.vision.image.Normalization;

import static org.assertj.core.api.Assertions.assertThat;

class VisionBatchIteratorTests {

	private static final List<String> LABELS = List.of("red", "green", "blue");

	private static final Color[] COLORS = { new Color(220, 40, 40), new Color(40, 200, 40), new Color(40, 40, 230) };

	@TempDir
	Path directory;

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void augmentedBatchesKeepEveryImagesLabel() throws Exception {
		List<ImageSample> samples = samples(21);
		try (ImageBatchIterator batches = new ImageBatchIterator(samples, LABELS, 24, 4,
				new Augmenter(TransformSettings.FASTAI), Normalization.IMAGENET, new ImageDecoder(1_000_000), this.pool,
				2, 5)) {
			assertThat(batches.batchesPerEpoch()).isEqualTo(5);
			for (int epoch = 0; epoch < 2; epoch++) {
				batches.reset();
				int seen = 0;
				while (batches.hasNext()) {
					DataSet batch = batches.next();
					assertThat(batch.getFeatures().shape()).containsExactly(4, 3, 24, 24);
					for (int i = 0; i < 4; i++) {
						int label = batch.getLabels().getRow(i).argMax().getInt(0);
						assertThat(dominantChannel(batch.getFeatures(), i)).isEqualTo(label);
						seen++;
					}
				}
				// The last partial batch of a training epoch is dropped, as fastai's
				// drop_last.
				assertThat(seen).isEqualTo(20);
			}
		}
	}

	@Test
	void validationBatchesKeepOrderAndTheLastPartialBatch() throws Exception {
		List<ImageSample> samples = samples(7);
		List<Integer> labels = new ArrayList<>();
		try (ImageBatchIterator batches = new ImageBatchIterator(samples, LABELS, 24, 4, null, Normalization.IMAGENET,
				new ImageDecoder(1_000_000), this.pool, 2, 5)) {
			while (batches.hasNext()) {
				DataSet batch = batches.next();
				for (int i = 0; i < batch.numExamples(); i++) {
					labels.add(batch.getLabels().getRow(i).argMax().getInt(0));
				}
			}
		}
		assertThat(labels).containsExactly(0, 1, 2, 0, 1, 2, 0);
	}

	private List<ImageSample> samples(int n) throws Exception {
		List<ImageSample> samples = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Path file = this.directory.resolve("img" + i + ".png");
			Files.write(file, TestImages.png(TestImages.solid(40, 30, COLORS[i % 3])));
			samples.add(new ImageSample(file, i % 3, file.getFileName().toString()));
		}
		return samples;
	}

	private static int dominantChannel(INDArray features, int example) {
		float[] chw = features.slice(example).dup().reshape(3 * 24 * 24).toFloatVector();
		Normalization.IMAGENET.invert(chw);
		double[] sums = new double[3];
		for (int c = 0; c < 3; c++) {
			for (int i = c * 576; i < (c + 1) * 576; i++) {
				sums[c] += chw[i];
			}
		}
		int best = 0;
		for (int c = 1; c < 3; c++) {
			if (sums[c] > sums[best]) {
				best = c;
			}
		}
		return best;
	}

}
