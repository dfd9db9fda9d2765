package dev.lantern.vision.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.vision.augment.Augmenter;
import dev.lantern.vision.image.ImageDecoder;
import dev.lantern.vision.image.ImageDecoder.ImageHeader;
import dev.lantern.vision.image.ImageDecodingException;
import dev.lantern.vision.image.ImageTooLargeException;
import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.image.ImageUploads;
import dev.lantern.vision.image.Normalization;

/**
 * Feeds images to a trainer as NCHW batches. Decoding, augmentation and normalization run
 * on a pool of background threads that keep up to {@code prefetch} batches ready; the
 * consumer's thread only wraps the finished floats into INDArrays (so device affinity
 * stays with the trainer's thread). Training sets are reshuffled every epoch and drop a
 * last partial batch (fastai's {@code drop_last} for training); each image's random
 * augmentation is seeded by (seed, epoch, position), so runs repeat.
 */
final class ImageBatchIterator implements DataSetIterator, AutoCloseable {

	private final List<ImageSample> samples;

	private final List<String> labels;

	private final int size;

	private final int batchSize;

	private final Augmenter augmenter;

	private final Normalization normalization;

	private final ImageDecoder decoder;

	private final ExecutorService pool;

	private final int prefetch;

	private final long seed;

	private final Deque<Future<float[][]>> pending = new ArrayDeque<>();

	private List<Integer> order = List.of();

	private int nextBatch;

	private int batches;

	private int epoch = -1;

	private boolean started;

	private DataSetPreProcessor preProcessor;

	/**
	 * @param augmenter the training transforms, or null for validation (center view, in
	 * order)
	 */
	ImageBatchIterator(List<ImageSample> samples, List<String> labels, int size, int batchSize, Augmenter augmenter,
			Normalization normalization, ImageDecoder decoder, ExecutorService pool, int prefetch, long seed) {
		this.samples = List.copyOf(samples);
		this.labels = List.copyOf(labels);
		this.size = size;
		this.batchSize = batchSize;
		this.augmenter = augmenter;
		this.normalization = normalization;
		this.decoder = decoder;
		this.pool = pool;
		this.prefetch = prefetch;
		this.seed = seed;
		reset();
	}

	/** How many batches one epoch yields. */
	int batchesPerEpoch() {
		return this.batches;
	}

	@Override
	public void reset() {
		cancelPending();
		this.epoch++;
		List<Integer> indices = new ArrayList<>();
		for (int i = 0; i < this.samples.size(); i++) {
			indices.add(i);
		}
		boolean training = this.augmenter != null;
		if (training) {
			Collections.shuffle(indices, new Random(this.seed * 31 + this.epoch));
		}
		this.order = indices;
		int full = this.samples.size() / this.batchSize;
		this.batches = (training && full > 0) ? full : (this.samples.size() + this.batchSize - 1) / this.batchSize;
		this.nextBatch = 0;
		this.started = false;
	}

	/** Starts the background work of an epoch on its first use. */
	private void start() {
		if (!this.started) {
			this.started = true;
			while (this.pending.size() < this.prefetch && this.nextBatch < this.batches) {
				submitNext();
			}
		}
	}

	@Override
	public boolean hasNext() {
		start();
		return !this.pending.isEmpty();
	}

	@Override
	public DataSet next() {
		start();
		Future<float[][]> future = this.pending.pollFirst();
		if (future == null) {
			throw new NoSuchElementException();
		}
		if (this.nextBatch < this.batches) {
			submitNext();
		}
		float[][] batch;
		try {
			batch = future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a batch", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof LanternException refused) {
				throw refused;
			}
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		int n = batch[1].length / this.labels.size();
		INDArray features = Nd4j.create(batch[0], new long[] { n, 3, this.size, this.size }, 'c');
		INDArray targets = Nd4j.create(batch[1], new long[] { n, this.labels.size() }, 'c');
		DataSet dataSet = new DataSet(features, targets);
		if (this.preProcessor != null) {
			this.preProcessor.preProcess(dataSet);
		}
		return dataSet;
	}

	private void submitNext() {
		int from = this.nextBatch * this.batchSize;
		int to = Math.min(from + this.batchSize, this.samples.size());
		List<Integer> indices = List.copyOf(this.order.subList(from, to));
		int epochNow = this.epoch;
		this.nextBatch++;
		this.pending.addLast(this.pool.submit(() -> load(indices, epochNow)));
	}

	private float[][] load(List<Integer> indices, int epochNow) throws IOException {
		int plane = 3 * this.size * this.size;
		int classes = this.labels.size();
		float[] features = new float[indices.size() * plane];
		float[] targets = new float[indices.size() * classes];
		for (int i = 0; i < indices.size(); i++) {
			ImageSample sample = this.samples.get(indices.get(i));
			BufferedImage image = decode(sample);
			float[] chw;
			if (this.augmenter != null) {
				long mix = this.seed * 1_000_003L + epochNow * 7_919L + indices.get(i);
				chw = this.augmenter.augment(image, this.size, new SplittableRandom(mix));
			}
			else {
				chw = ImageTensors.centerView(image, this.size);
			}
			System.arraycopy(this.normalization.apply(chw), 0, features, i * plane, plane);
			targets[i * classes + sample.label()] = 1f;
		}
		return new float[][] { features, targets };
	}

	private BufferedImage decode(ImageSample sample) throws IOException {
		byte[] data;
		try {
			data = Files.readAllBytes(sample.file());
		}
		catch (IOException ex) {
			throw new IOException("Cannot read training image '" + sample.source() + "': " + ex.getMessage(), ex);
		}
		try {
			// every view starts by scaling the shorter side to the input size: decode
			// near it
			ImageHeader header = this.decoder.header(data);
			return this.decoder.decode(data,
					ImageDecoder.subsampling(header.width(), header.height(), ImageUploads.sideForModel(this.size)));
		}
		catch (ImageDecodingException ex) {
			throw new InvalidInputException("Training image '" + sample.source() + "' cannot be read: " + ex.reason(),
					ex);
		}
		catch (ImageTooLargeException ex) {
			throw new TooLargeException("Training image '" + sample.source() + "' is " + ex.width() + " x "
					+ ex.height() + " pixels, more than the " + ex.maxPixels()
					+ " allowed (lantern.vision.max-image-pixels)");
		}
	}

	private void cancelPending() {
		for (Future<float[][]> future : this.pending) {
			future.cancel(true);
		}
		this.pending.clear();
	}

	@Override
	public void close() {
		cancelPending();
	}

	@Override
	public DataSet next(int num) {
		throw new UnsupportedOperationException("Batches have a fixed size");
	}

	@Override
	public int inputColumns() {
		return 3 * this.size * this.size;
	}

	@Override
	public int totalOutcomes() {
		return this.labels.size();
	}

	@Override
	public boolean resetSupported() {
		return true;
	}

	@Override
	public boolean asyncSupported() {
		return false;
	}

	@Override
	public int batch() {
		return this.batchSize;
	}

	@Override
	public void setPreProcessor(DataSetPreProcessor preProcessor) {
		this.preProcessor = preProcessor;
	}

	@Override
	public DataSetPreProcessor getPreProcessor() {
		return this.preProcessor;
	}

	@Override
	public List<String> getLabels() {
		return this.labels;
	}

}
