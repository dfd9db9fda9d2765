package dev.lantern.vision.weights;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file format of pretrained weights: PyTorch checkpoints ({@code torch.save}'s zip) and
 * safetensors. Implementations are beans; {@link WeightsFiles} picks the one that
 * recognizes a file's first bytes.
 */
public interface WeightsFormat {

	/** The format's id as stored and shown: {@code pytorch}, {@code safetensors}. */
	String id();

	/**
	 * Whether a file starting with these bytes is in this format.
	 * @param head the file's first 16 bytes (fewer for a shorter file)
	 */
	boolean recognizes(byte[] head);

	/**
	 * Reads every tensor, checking the file against the configured limits first.
	 * @param file the file
	 * @param source how to name the file in messages (the uploaded file's name)
	 * @return the tensors
	 * @throws dev.lantern.system.errors.InvalidInputException naming the entry or tensor
	 * that is wrong
	 * @throws dev.lantern.system.errors.TooLargeException naming the limit
	 */
	StateDict read(Path file, String source) throws IOException;

}
