package dev.lantern.vision.image;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.image.ImageDecoder.ImageHeader;

import org.springframework.stereotype.Component;

/**
 * Decodes the images of a request within the configured limits, refusing each bad one
 * with an exception that names the file ({@code file} in the problem). Every header is
 * read and every limit checked before a pixel is decoded: the image count
 * ({@code lantern.vision.uploads.max-images}), each file's bytes and pixels, and the
 * request's source and decoded pixels. Each image is then decoded near the side it is
 * needed at (ImageIO source subsampling), holding one of the server's decoding slots
 * while it decodes.
 */
@Component
public class ImageUploads {

	private final VisionProperties properties;

	private final ImageUploadProperties limits;

	private final ImageDecoder decoder;

	private final DecodeSlots slots;

	public ImageUploads(VisionProperties properties, ImageUploadProperties limits, DecodeSlots slots) {
		this.properties = properties;
		this.limits = limits;
		this.decoder = new ImageDecoder(properties.maxImagePixels());
		this.slots = slots;
	}

	/**
	 * The shorter side to decode an image at for a model whose input is {@code inputSide}
	 * pixels a side: twice that, so that the smoothing halvings of {@link ImageTensors}
	 * do the last step of shrinking (source subsampling keeps every n-th pixel, which
	 * aliases on its own).
	 */
	public static int sideForModel(int inputSide) {
		return 2 * inputSide;
	}

	/**
	 * The name an uploaded file answers under: the file name the client sent or, when it
	 * sent none, the request part's name.
	 * @param fileName the client's file name, or null or blank
	 * @param partName the request part's name
	 */
	public static String nameOf(String fileName, String partName) {
		return (fileName != null && !fileName.isBlank()) ? fileName : partName;
	}

	/**
	 * Refuses a request carrying no image, or more than
	 * {@code lantern.vision.uploads.max-images}.
	 * @param images how many images the request carries
	 * @param field what carries them, for the problem ({@code file}, a tensor's name)
	 */
	public void checkCount(long images, String field) {
		if (images == 0) {
			throw InvalidInputException.field(field, "Send at least one image ('" + field + "')");
		}
		if (images > this.limits.maxImages()) {
			throw new TooLargeException("At most " + this.limits.maxImages()
					+ " images per request (lantern.vision.uploads.max-images); got " + images)
				.with("field", field);
		}
	}

	/**
	 * Decodes one uploaded file, named as {@link #nameOf} says.
	 * @param fileName the client's file name, or null or blank
	 * @param partName the request part's name
	 * @param data the file's bytes
	 * @param minSide the shorter side the image is needed at; a larger image is decoded
	 * with the largest subsampling that keeps at least this
	 */
	public BufferedImage decode(String fileName, String partName, byte[] data, int minSide) {
		return decode(nameOf(fileName, partName), data, minSide);
	}

	/**
	 * Decodes one uploaded image, as {@link #decodeAll} does.
	 * @param name the file's name, or the request part's name, for messages
	 */
	public BufferedImage decode(String name, byte[] data, int minSide) {
		return decodeAll(List.of(new Upload(name, data)), minSide, "file").get(0);
	}

	/**
	 * Decodes the images of one request.
	 * @param uploads the images, in order
	 * @param minSide the shorter side the images are needed at
	 * @param field what carries the images, for a problem about their count
	 * @return the decoded images, upright RGB, in order
	 * @throws TooLargeException when the request carries more images than allowed, a file
	 * is larger or declares more pixels than allowed, or the images hold more source or
	 * decoded pixels together than a request may
	 * @throws InvalidInputException when a file is empty or not a readable JPEG or PNG
	 * @throws dev.lantern.system.errors.CapacityException when no decoding slot frees up
	 * in time
	 */
	public List<BufferedImage> decodeAll(List<Upload> uploads, int minSide, String field) {
		checkCount(uploads.size(), field);
		List<Integer> subsampling = new ArrayList<>(uploads.size());
		long source = 0;
		long decoded = 0;
		for (Upload upload : uploads) {
			ImageHeader header = header(upload);
			int factor = ImageDecoder.subsampling(header.width(), header.height(), minSide);
			subsampling.add(factor);
			source += header.pixels();
			decoded += ImageDecoder.keptPixels(header.width(), header.height(), factor);
			if (source > this.limits.maxRequestSourcePixels()) {
				throw new TooLargeException(
						"The images of this request hold more than " + this.limits.maxRequestSourcePixels()
								+ " pixels together (lantern.vision.uploads.max-request-source-pixels); refused at '"
								+ upload.name() + "', " + header.width() + " x " + header.height())
					.with("file", upload.name());
			}
			if (decoded > this.limits.maxRequestDecodedPixels()) {
				throw new TooLargeException("The images of this request decode to more than "
						+ this.limits.maxRequestDecodedPixels()
						+ " pixels together near their target size (lantern.vision.uploads.max-request-decoded-pixels);"
						+ " refused at '" + upload.name() + "', " + header.width() + " x " + header.height())
					.with("file", upload.name());
			}
		}
		List<BufferedImage> images = new ArrayList<>(uploads.size());
		for (int i = 0; i < uploads.size(); i++) {
			images.add(decode(uploads.get(i), subsampling.get(i)));
		}
		return images;
	}

	private ImageHeader header(Upload upload) {
		String name = upload.name();
		if (upload.data().length > this.properties.maxImageBytes().toBytes()) {
			throw new TooLargeException("'" + name + "' is larger than " + this.properties.maxImageBytes().toMegabytes()
					+ " MB (lantern.vision.max-image-bytes)")
				.with("file", name);
		}
		if (upload.data().length == 0) {
			throw new InvalidInputException("'" + name + "' is empty").with("file", name);
		}
		try {
			return this.decoder.header(upload.data());
		}
		catch (ImageTooLargeException ex) {
			throw tooManyPixels(name, ex);
		}
		catch (ImageDecodingException ex) {
			throw unreadable(name, ex);
		}
	}

	private BufferedImage decode(Upload upload, int subsampling) {
		try {
			return this.slots.decode(() -> this.decoder.decode(upload.data(), subsampling));
		}
		catch (ImageTooLargeException ex) {
			throw tooManyPixels(upload.name(), ex);
		}
		catch (ImageDecodingException ex) {
			throw unreadable(upload.name(), ex);
		}
	}

	private static LanternException tooManyPixels(String name, ImageTooLargeException ex) {
		return new TooLargeException("'" + name + "' is " + ex.width() + " x " + ex.height() + " pixels, more than the "
				+ ex.maxPixels() + " allowed (lantern.vision.max-image-pixels)")
			.with("file", name);
	}

	private static LanternException unreadable(String name, ImageDecodingException ex) {
		return new InvalidInputException("'" + name + "' cannot be read: " + ex.reason(), ex).with("file", name);
	}

	/**
	 * One image of a request.
	 *
	 * @param name its file name, or what else names it in the request, for messages
	 * @param data its bytes
	 */
	public record Upload(String name, byte[] data) {

	}

}
