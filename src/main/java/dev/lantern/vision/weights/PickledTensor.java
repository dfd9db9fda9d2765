package dev.lantern.vision.weights;

/**
 * A tensor as a checkpoint's pickle describes it
 * ({@code torch._utils._rebuild_tensor_v2}): a view of a storage, nothing read yet.
 *
 * @param storage the storage it views
 * @param offset the index of its first element in the storage
 * @param shape its size per dimension
 * @param stride the storage elements between neighbours in each dimension
 */
record PickledTensor(Storage storage, long offset, long[] shape, long[] stride) {

	/**
	 * A storage of a checkpoint: the zip entry {@code <archive>/data/<key>}, holding
	 * {@code elements} values of {@code dtype}.
	 *
	 * @param dtype the element type ({@code torch.FloatStorage} is F32)
	 * @param key the entry's name below {@code data/}
	 * @param elements the number of elements the pickle says the entry holds
	 */
	record Storage(Dtype dtype, String key, long elements) {

	}

}
