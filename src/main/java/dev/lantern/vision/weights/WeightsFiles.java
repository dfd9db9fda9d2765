package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnsupportedFormatException;

import org.springframework.stereotype.Component;

/**
 * Reads a weights file in whichever {@link WeightsFormat} recognizes its first bytes.
 */
@Component
public class WeightsFiles {

	/**
	 * torch.save's format before PyTorch 1.6: a pickled magic number (LONG1, 10 bytes).
	 */
	private static final byte[] LEGACY_MAGIC = { (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
			0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19 };

	private final List<WeightsFormat> formats;

	private final WeightsProperties limits;

	public WeightsFiles(List<WeightsFormat> formats, WeightsProperties limits) {
		this.formats = List.copyOf(formats);
		this.limits = limits;
	}

	/**
	 * Reads every tensor of a file.
	 * @param file the file
	 * @param source how to name it in messages
	 * @return the tensors, with the format that read them
	 * @throws InvalidInputException naming what is wrong
	 * @throws TooLargeException naming the limit
	 * @throws UnsupportedFormatException when no format reads the file
	 */
	public StateDict read(Path file, String source) throws IOException {
		long size = Files.size(file);
		if (size == 0) {
			throw InvalidInputException.field("file", source + " is empty");
		}
		if (size > this.limits.maxFileSize().toBytes()) {
			throw new TooLargeException(source + " has " + size + " bytes, more than " + this.limits.maxFileSize()
					+ " (" + WeightsProperties.PREFIX + "max-file-size)");
		}
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(16);
		}
		for (WeightsFormat format : this.formats) {
			if (format.recognizes(head)) {
				return format.read(file, source);
			}
		}
		if (startsWith(head, LEGACY_MAGIC)) {
			throw new UnsupportedFormatException(source + " is in torch.save's format from before PyTorch 1.6; load "
					+ "it and save its state dict again with a current PyTorch (torch.save uses the zip format since 1.6)");
		}
		throw new UnsupportedFormatException(
				source + " is neither a PyTorch checkpoint (torch.save's zip format) nor a safetensors file");
	}

	private static boolean startsWith(byte[] head, byte[] prefix) {
		if (head.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (head[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
