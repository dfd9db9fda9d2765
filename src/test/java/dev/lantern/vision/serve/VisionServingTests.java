package dev.lantern.vision.serve;

import java.awt.Color;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.store.ModelStore.ArtifactWriter;
import dev.lantern.vision.SingleThreadedNd4j;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.image.ImageDecoder;
import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.interpret.Interpretation;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model that tells red from blue images, stored as a version's files, loaded by the
 * {@code vision} format and run by the classify operation.
 */
@ExtendWith(SingleThreadedNd4j.class)
class VisionServingTests {

	private static final int SIZE = 32;

	@TempDir
	static Path version;

	static VisionModel model;

	@BeforeAll
	static void trainAndStore() throws Exception {
		ComputationGraph graph = new VisionNets(new NetsProperties(null))
			.create(new NetSpec(Architecture.SIMPLE_CNN, 2, SIZE, 16, HeadOptions.fastai(), 3), false)
			.graph();
		int n = 16;
		float[] features = new float[n * 3 * SIZE * SIZE];
		float[] labels = new float[n * 2];
		for (int i = 0; i < n; i++) {
			boolean red = i % 2 == 0;
			Color color = red ? new Color(200 + i % 50, 30, 30) : new Color(30, 30, 200 + i % 50);
			float[] chw = Normalization.IMAGENET.apply(ImageTensors.toChw(TestImages.solid(SIZE, SIZE, color)));
			System.arraycopy(chw, 0, features, i * chw.length, chw.length);
			labels[i * 2 + (red ? 1 : 0)] = 1;
		}
		DataSet batch = new DataSet(Nd4j.create(features, new long[] { n, 3, SIZE, SIZE }, 'c'),
				Nd4j.create(labels, new long[] { n, 2 }, 'c'));
		for (int step = 0; step < 30; step++) {
			graph.fit(batch);
		}
		Interpretation.Builder interpretation = new Interpretation.Builder(List.of("blue", "red"));
		interpretation.add("red_1.jpg", 1, new float[] { 0.1f, 0.9f });
		interpretation.add("blue_1.jpg", 0, new float[] { 0.7f, 0.3f });
		VisionModelMetadata metadata = new VisionModelMetadata("simple-cnn", List.of("blue", "red"), SIZE,
				Normalization.IMAGENET, false, "d1", TransformSettings.FASTAI);
		for (Map.Entry<String, ArtifactWriter> file : VisionModelFiles.writers(graph, metadata, interpretation.build())
			.entrySet()) {
			try (OutputStream out = Files.newOutputStream(version.resolve(file.getKey()))) {
				file.getValue().writeTo(out);
			}
		}
		model = new VisionModelFormat(new VisionNets(new NetsProperties(null))).load(version);
	}

	@Test
	void storesWeightsMetadataInterpretationAndConfusionMatrix() {
		assertThat(version.resolve(VisionModelFiles.MODEL)).isNotEmptyFile();
		assertThat(version.resolve(VisionModelFiles.CONFUSION_PNG)).isNotEmptyFile();
		assertThat(model.metadata().labels()).containsExactly("blue", "red");
		assertThat(model.metadata().transforms()).isEqualTo(TransformSettings.FASTAI);
		assertThat(model.interpretation().confusion()).isEqualTo(List.of(List.of(1, 0), List.of(0, 1)));
		assertThat(model.estimatedBytes()).isPositive();
	}

	@Test
	void pngAndJpegBothClassify() throws Exception {
		ImageDecoder decoder = new ImageDecoder(1_000_000);
		List<ClassifyInput> inputs = new ArrayList<>();
		inputs.add(ClassifyInput.of(decoder.decode(TestImages.png(TestImages.solid(50, 40, new Color(220, 20, 20))))));
		inputs.add(ClassifyInput.of(decoder.decode(TestImages.jpeg(TestImages.solid(64, 64, new Color(20, 20, 230))))));
		inputs.add(ClassifyInput.of(decoder.decode(TestImages.jpeg(TestImages.solid(40, 70, new Color(235, 25, 25))))));
		List<ClassProbabilities> out = new ClassifyOperation().apply(model.copyForWorker(), inputs);
		assertThat(out).extracting((p) -> p.top(1).get(0).label()).containsExactly("red", "blue", "red");
		for (ClassProbabilities p : out) {
			assertThat(p.top(2)).hasSize(2);
			assertThat(p.top(2).get(0).probability() + p.top(2).get(1).probability()).isCloseTo(1.0,
					org.assertj.core.api.Assertions.within(1e-4));
			assertThat(p.top(1).get(0).probability()).isGreaterThan(0.5);
		}
	}

	@Test
	void aPreparedTensorClassifiesLikeTheImage() throws Exception {
		var image = TestImages.solid(SIZE, SIZE, new Color(20, 20, 230));
		float[] tensor = Normalization.IMAGENET.apply(ImageTensors.centerView(image, SIZE));
		List<ClassProbabilities> out = new ClassifyOperation().apply(model,
				List.of(ClassifyInput.ofTensor(tensor), ClassifyInput.of(image)));
		assertThat(out.get(0).probabilities()).containsExactly(out.get(1).probabilities());
	}

}
