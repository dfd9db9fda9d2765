package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.stereotype.Component;

/**
 * safetensors files (Hugging Face, timm): an 8-byte little-endian header length, a JSON
 * header naming each tensor's {@code dtype}, {@code shape} and {@code data_offsets}
 * (relative to the data after the header), then the raw little-endian data. F32, F16,
 * BF16 and F64 tensors are read into float, I64 and I32 too (BatchNorm's
 * {@code num_batches_tracked}). As the safetensors library does, the header must be
 * within the file, each tensor's byte span must match its shape and dtype, and the spans
 * must cover the data exactly, without overlaps or gaps.
 */
@Component
class SafetensorsFormat implements WeightsFormat {

	private static final Map<String, Dtype> DTYPES = Map.of("F32", Dtype.F32, "F16", Dtype.F16, "BF16", Dtype.BF16,
			"F64", Dtype.F64, "I64", Dtype.I64, "I32", Dtype.I32);

	/** The safetensors dtypes that are not ResNet weights. */
	private static final Set<String> UNSUPPORTED = Set.of("BOOL", "U8", "I8", "U16", "I16", "U32", "U64", "F8_E4M3",
			"F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

	private static final String METADATA = "__metadata__";

	private final WeightsProperties limits;

	private final JsonMapper json;

	SafetensorsFormat(WeightsProperties limits) {
		this.limits = limits;
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxNumberLength(20).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		this.json = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
	}

	@Override
	public String id() {
		return "safetensors";
	}

	/** An 8-byte length, then the JSON header's opening brace. */
	@Override
	public boolean recognizes(byte[] head) {
		return head.length >= 9 && head[8] == '{';
	}

	@Override
	public StateDict read(Path file, String source) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			if (size < 8) {
				throw new InvalidInputException(source + ": too short for a safetensors file");
			}
			ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			channel.read(lengthField, 0);
			long headerLength = lengthField.flip().getLong();
			long maxHeader = this.limits.maxMetadataSize().toBytes();
			if (headerLength < 0 || headerLength > maxHeader) {
				throw new TooLargeException(source + ": the safetensors header claims "
						+ Long.toUnsignedString(headerLength) + " bytes, more than " + maxHeader + " ("
						+ WeightsProperties.PREFIX + "max-metadata-size)");
			}
			if (headerLength > size - 8) {
				throw new InvalidInputException(source + ": the safetensors header claims " + headerLength
						+ " bytes, but the file holds only " + (size - 8) + " after its length");
			}
			ByteBuffer header = ByteBuffer.allocate((int) headerLength);
			channel.read(header, 8);
			long dataStart = 8 + headerLength;
			List<Entry> entries = parse(header.array(), size - dataStart, source);
			Map<String, Tensor> tensors = new LinkedHashMap<>();
			for (Entry entry : entries) {
				channel.position(dataStart + entry.begin());
				InputStream in = Channels.newInputStream(channel);
				float[] values = TensorDecoder.read(in, entry.dtype(), ByteOrder.LITTLE_ENDIAN, (int) entry.elements(),
						source, entry.name());
				tensors.put(entry.name(), new Tensor(entry.name(), entry.shape(), entry.dtype(), values));
			}
			return new StateDict(id(), tensors);
		}
	}

	/** The header's tensors in its order, every size and span checked. */
	private List<Entry> parse(byte[] header, long dataLength, String source) {
		JsonNode root;
		try {
			root = this.json.readTree(header);
		}
		catch (JacksonException ex) {
			throw new InvalidInputException(source + ": the safetensors header is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidInputException(source + ": the safetensors header is not a JSON object");
		}
		if (root.size() > this.limits.maxTensors() + 1) {
			throw new TooLargeException(source + ": the file holds " + (root.size() - 1) + " tensors, more than "
					+ this.limits.maxTensors() + " (" + WeightsProperties.PREFIX + "max-tensors)");
		}
		List<Entry> entries = new ArrayList<>();
		long total = 0;
		for (Map.Entry<String, JsonNode> property : root.properties()) {
			String name = property.getKey();
			if (METADATA.equals(name)) {
				checkMetadata(property.getValue(), source);
				continue;
			}
			Entry entry = entry(name, property.getValue(), source);
			total += entry.elements();
			if (total > this.limits.maxTotalElements()) {
				throw new TooLargeException(source + ": the tensors hold more than " + this.limits.maxTotalElements()
						+ " elements together (" + WeightsProperties.PREFIX + "max-total-elements)");
			}
			if (entry.end() > dataLength) {
				throw new InvalidInputException(
						source + ": data_offsets [" + entry.begin() + ", " + entry.end() + "] of tensor '"
								+ Printable.of(name) + "' reach past the end of the data (" + dataLength + " bytes)");
			}
			entries.add(entry);
		}
		checkSpans(entries, dataLength, source);
		return entries;
	}

	private Entry entry(String name, JsonNode node, String source) {
		String tensor = "tensor '" + Printable.of(name) + "'";
		if (name.isEmpty() || !node.isObject() || node.size() != 3 || !node.has("dtype") || !node.has("shape")
				|| !node.has("data_offsets")) {
			throw new InvalidInputException(
					source + ": " + tensor + " is not described by exactly dtype, shape and data_offsets");
		}
		JsonNode dtypeNode = node.get("dtype");
		String dtypeName = dtypeNode.isString() ? dtypeNode.asString() : "";
		Dtype dtype = DTYPES.get(dtypeName);
		if (dtype == null) {
			throw new InvalidInputException(source + ": " + tensor + " has dtype '" + Printable.of(dtypeName) + "', "
					+ (UNSUPPORTED.contains(dtypeName) ? "which is not supported" : "which is unknown")
					+ " (Lantern reads F32, F16, BF16, F64, I64 and I32)");
		}
		long[] shape = integers(node.get("shape"), -1, source, tensor + " shape");
		if (shape.length > Tensor.MAX_RANK) {
			throw new InvalidInputException(source + ": " + tensor + " has " + shape.length + " dimensions (at most "
					+ Tensor.MAX_RANK + " are read)");
		}
		long elements = Tensor.elements(shape);
		if (elements < 0 || elements > this.limits.maxTensorElements()) {
			throw new TooLargeException(source + ": " + tensor + " has shape " + Arrays.toString(shape) + ", more than "
					+ this.limits.maxTensorElements() + " elements (" + WeightsProperties.PREFIX
					+ "max-tensor-elements)");
		}
		long[] offsets = integers(node.get("data_offsets"), 2, source, tensor + " data_offsets");
		long bytes = elements * dtype.bytes();
		if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
			throw new InvalidInputException(source + ": " + tensor + " has shape " + Arrays.toString(shape) + " of "
					+ dtype + " (" + bytes + " bytes), but data_offsets " + Arrays.toString(offsets) + " span "
					+ (offsets[1] - offsets[0]) + " bytes");
		}
		return new Entry(name, dtype, shape, elements, offsets[0], offsets[1]);
	}

	/** Spans sorted by start must follow each other exactly and end with the data. */
	private static void checkSpans(List<Entry> entries, long dataLength, String source) {
		List<Entry> sorted = new ArrayList<>(entries);
		sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
		long position = 0;
		Entry previous = null;
		for (Entry entry : sorted) {
			if (entry.begin() < position) {
				throw new InvalidInputException(source + ": tensors '" + Printable.of(previous.name()) + "' and '"
						+ Printable.of(entry.name()) + "' overlap (bytes " + previous.begin() + "-" + previous.end()
						+ " and " + entry.begin() + "-" + entry.end() + ")");
			}
			if (entry.begin() > position) {
				throw new InvalidInputException(
						source + ": bytes " + position + "-" + entry.begin() + " of the data belong to no tensor");
			}
			position = entry.end();
			previous = entry;
		}
		if (position != dataLength) {
			throw new InvalidInputException(
					source + ": the data holds " + dataLength + " bytes, but the tensors span " + position);
		}
	}

	private static void checkMetadata(JsonNode metadata, String source) {
		if (!metadata.isObject()) {
			throw new InvalidInputException(source + ": __metadata__ is not a JSON object");
		}
		for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
			if (!entry.getValue().isString()) {
				throw new InvalidInputException(
						source + ": __metadata__ entry '" + Printable.of(entry.getKey()) + "' is not a string");
			}
		}
	}

	/** An array of non-negative integers, of the given length unless it is -1. */
	private static long[] integers(JsonNode node, int length, String source, String what) {
		if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
			throw new InvalidInputException(source + ": " + what + " is not an array"
					+ ((length >= 0) ? " of " + length + " integers" : " of integers"));
		}
		long[] values = new long[node.size()];
		for (int i = 0; i < values.length; i++) {
			JsonNode value = node.get(i);
			if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
				throw new InvalidInputException(
						source + ": " + what + " holds a value that is not a non-negative integer");
			}
			values[i] = value.longValue();
		}
		return values;
	}

	private record Entry(String name, Dtype dtype, long[] shape, long elements, long begin, long end) {

	}

}
