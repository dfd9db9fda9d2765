package dev.lantern.vision.weights;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.stereotype.Component;

/**
 * PyTorch checkpoints in {@code torch.save}'s zip format (PyTorch 1.6 and later; see
 * {@link CheckpointArchive}). The pickle is read by {@link StateDictUnpickler}; the state
 * dict is its root, or the dictionary under {@code state_dict} or {@code model} of a
 * training checkpoint. Only its tensors are read; every size is checked against the
 * limits, and every tensor against its storage, before any tensor data is read.
 */
@Component
class TorchCheckpointFormat implements WeightsFormat {

	private final WeightsProperties limits;

	TorchCheckpointFormat(WeightsProperties limits) {
		this.limits = limits;
	}

	@Override
	public String id() {
		return "pytorch";
	}

	@Override
	public boolean recognizes(byte[] head) {
		return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
	}

	@Override
	public StateDict read(Path file, String source) throws IOException {
		try (CheckpointArchive archive = CheckpointArchive.open(file, this.limits, source)) {
			byte[] pickle = archive.pickle(this.limits);
			ByteOrder order = archive.byteOrder();
			Object root = StateDictUnpickler.load(pickle, source, this.limits);
			Map<String, PickledTensor> tensors = tensors(stateDict(root), source);
			Map<String, ZipEntry> storages = checkStorages(tensors, archive, source);
			Map<String, Tensor> read = new LinkedHashMap<>();
			for (Map.Entry<String, PickledTensor> tensor : tensors.entrySet()) {
				read.put(tensor.getKey(), readTensor(archive, storages.get(tensor.getKey()), tensor.getKey(),
						tensor.getValue(), order, source));
			}
			return new StateDict(id(), read);
		}
	}

	/** The pickle's root, or its {@code state_dict} or {@code model} dictionary. */
	private static Map<?, ?> stateDict(Object root) {
		if (!(root instanceof Map<?, ?> map)) {
			return null;
		}
		for (String key : new String[] { "state_dict", "model" }) {
			if (map.get(key) instanceof Map<?, ?> nested) {
				return nested;
			}
		}
		return map;
	}

	private Map<String, PickledTensor> tensors(Map<?, ?> stateDict, String source) {
		if (stateDict == null || stateDict.isEmpty()) {
			throw new InvalidInputException(source + ": the checkpoint holds no state dict (a dictionary of tensors, "
					+ "at its root or under 'state_dict' or 'model')");
		}
		if (stateDict.size() > this.limits.maxTensors()) {
			throw new TooLargeException(source + ": the state dict has " + stateDict.size() + " entries, more than "
					+ this.limits.maxTensors() + " (" + WeightsProperties.PREFIX + "max-tensors)");
		}
		Map<String, PickledTensor> tensors = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : stateDict.entrySet()) {
			if (!(entry.getKey() instanceof String name)) {
				throw new InvalidInputException(source + ": the state dict has a key that is not a string");
			}
			if (!(entry.getValue() instanceof PickledTensor tensor)) {
				throw new InvalidInputException(
						source + ": entry '" + Printable.of(name) + "' of the state dict is not a tensor");
			}
			tensors.put(name, tensor);
		}
		return tensors;
	}

	/**
	 * Checks every tensor against the limits and its storage before anything is read.
	 * @return each tensor's storage entry
	 */
	private Map<String, ZipEntry> checkStorages(Map<String, PickledTensor> tensors, CheckpointArchive archive,
			String source) {
		Map<String, ZipEntry> storages = new LinkedHashMap<>();
		long total = 0;
		for (Map.Entry<String, PickledTensor> named : tensors.entrySet()) {
			String name = Printable.of(named.getKey());
			PickledTensor tensor = named.getValue();
			PickledTensor.Storage storage = tensor.storage();
			long elements = Tensor.elements(tensor.shape());
			if (elements < 0 || elements > this.limits.maxTensorElements()) {
				throw new TooLargeException(source + ": tensor '" + name + "' has shape "
						+ Arrays.toString(tensor.shape()) + ", more than " + this.limits.maxTensorElements()
						+ " elements (" + WeightsProperties.PREFIX + "max-tensor-elements)");
			}
			total += elements;
			if (total > this.limits.maxTotalElements()) {
				throw new TooLargeException(source + ": the tensors hold more than " + this.limits.maxTotalElements()
						+ " elements together (" + WeightsProperties.PREFIX + "max-total-elements)");
			}
			long last = lastIndex(tensor);
			if (elements > 0 && (last < 0 || last >= storage.elements())) {
				throw new InvalidInputException(
						source + ": tensor '" + name + "' (shape " + Arrays.toString(tensor.shape()) + ", offset "
								+ tensor.offset() + ") reaches past the end of storage '" + storage.key()
								+ "', which holds " + storage.elements() + " elements");
			}
			if (!contiguous(tensor) && (last - tensor.offset() + 1) * storage.dtype().bytes() > Integer.MAX_VALUE - 8) {
				throw new TooLargeException(source + ": tensor '" + name + "' is a strided view of more than 2 GB");
			}
			ZipEntry entry = archive.storage(storage.key());
			if (entry == null) {
				throw new InvalidInputException(source + ": tensor '" + name + "' refers to storage '" + storage.key()
						+ "', but the checkpoint has no entry data/" + storage.key());
			}
			long expected = storage.elements() * storage.dtype().bytes();
			if (entry.getSize() >= 0 && entry.getSize() != expected) {
				throw new InvalidInputException(source + ": storage entry data/" + storage.key() + " of tensor '" + name
						+ "' holds " + entry.getSize() + " bytes, but the pickle declares " + storage.elements() + " "
						+ storage.dtype() + " elements (" + expected + " bytes)");
			}
			storages.put(named.getKey(), entry);
		}
		return storages;
	}

	private Tensor readTensor(CheckpointArchive archive, ZipEntry entry, String name, PickledTensor tensor,
			ByteOrder order, String source) throws IOException {
		Dtype dtype = tensor.storage().dtype();
		int count = (int) Tensor.elements(tensor.shape());
		try (InputStream in = archive.open(entry)) {
			if (count == 0) {
				return new Tensor(name, tensor.shape(), dtype, new float[0]);
			}
			skip(in, tensor.offset() * dtype.bytes(), source, name);
			if (contiguous(tensor)) {
				return new Tensor(name, tensor.shape(), dtype,
						TensorDecoder.read(in, dtype, order, count, source, name));
			}
			int length = (int) ((lastIndex(tensor) - tensor.offset() + 1) * dtype.bytes());
			byte[] region = in.readNBytes(length);
			if (region.length < length) {
				throw new InvalidInputException(
						source + ": the data of tensor '" + Printable.of(name) + "' ends early");
			}
			return new Tensor(name, tensor.shape(), dtype,
					TensorDecoder.gather(region, dtype, order, tensor.shape(), tensor.stride(), count, source, name));
		}
	}

	private static void skip(InputStream in, long bytes, String source, String name) throws IOException {
		try {
			in.skipNBytes(bytes);
		}
		catch (EOFException ex) {
			throw new InvalidInputException(source + ": the data of tensor '" + Printable.of(name) + "' ends early");
		}
	}

	/** The storage index of the tensor's last element, or -1 when it overflows. */
	private static long lastIndex(PickledTensor tensor) {
		try {
			long last = tensor.offset();
			for (int d = 0; d < tensor.shape().length; d++) {
				if (tensor.shape()[d] > 0) {
					last = Math.addExact(last, Math.multiplyExact(tensor.shape()[d] - 1, tensor.stride()[d]));
				}
			}
			return last;
		}
		catch (ArithmeticException ex) {
			return -1;
		}
	}

	/** Whether the strides are row-major for every dimension longer than 1. */
	private static boolean contiguous(PickledTensor tensor) {
		long expected = 1;
		for (int d = tensor.shape().length - 1; d >= 0; d--) {
			if (tensor.shape()[d] != 1 && tensor.stride()[d] != expected) {
				return false;
			}
			expected *= tensor.shape()[d];
		}
		return true;
	}

}
