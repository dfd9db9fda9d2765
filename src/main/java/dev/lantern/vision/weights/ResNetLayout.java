package dev.lantern.vision.weights;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lantern.system.errors.InvalidInputException;

/**
 * The shape of a torchvision ResNet: its block type, blocks per stage and base width.
 * torchvision's stage widths are {@code baseWidth << stage} (64, 128, 256, 512); a
 * bottleneck block widens its output four times and strides on its 3x3 convolution
 * (torchvision's "v1.5").
 *
 * @param block the block type
 * @param blocks the blocks in each of the four stages
 * @param baseWidth the channels of the stem and the first stage (torchvision: 64)
 */
public record ResNetLayout(Block block, List<Integer> blocks, int baseWidth) {

	/** torchvision's named ResNets. */
	private static final Map<String, ResNetLayout> NAMED = new LinkedHashMap<>();

	static {
		NAMED.put("resnet18", new ResNetLayout(Block.BASIC, List.of(2, 2, 2, 2), 64));
		NAMED.put("resnet34", new ResNetLayout(Block.BASIC, List.of(3, 4, 6, 3), 64));
		NAMED.put("resnet50", new ResNetLayout(Block.BOTTLENECK, List.of(3, 4, 6, 3), 64));
		NAMED.put("resnet101", new ResNetLayout(Block.BOTTLENECK, List.of(3, 4, 23, 3), 64));
		NAMED.put("resnet152", new ResNetLayout(Block.BOTTLENECK, List.of(3, 8, 36, 3), 64));
	}

	/** The architectures whose bodies Lantern builds (ResNet-50 as torchvision's). */
	public static final Set<String> SUPPORTED = Set.of("resnet18", "resnet34", "resnet50");

	/** The widest base width accepted (torchvision's wide ResNets use 128). */
	static final int MAX_BASE_WIDTH = 1024;

	public ResNetLayout {
		blocks = List.copyOf(blocks);
		if (block == null || blocks.size() != 4 || blocks.stream().anyMatch((count) -> count < 1)) {
			throw new IllegalArgumentException("A ResNet has a block type and four stages of at least one block");
		}
		if (baseWidth < 1 || baseWidth > MAX_BASE_WIDTH) {
			throw new IllegalArgumentException("baseWidth must be between 1 and " + MAX_BASE_WIDTH);
		}
	}

	/**
	 * A named architecture at a base width.
	 * @param architecture {@code resnet18}, {@code resnet34} or {@code resnet50}
	 * @param baseWidth the base width (torchvision: 64)
	 * @return its layout
	 * @throws InvalidInputException naming the {@code architecture} field
	 */
	public static ResNetLayout of(String architecture, int baseWidth) {
		ResNetLayout named = (architecture != null && SUPPORTED.contains(architecture)) ? NAMED.get(architecture)
				: null;
		if (named == null) {
			throw InvalidInputException.field("architecture", "Unknown architecture '" + Printable.of(architecture)
					+ "': expected one of resnet18, resnet34, resnet50");
		}
		return new ResNetLayout(named.block, named.blocks, baseWidth);
	}

	/**
	 * The layout a torchvision-named state dict has, from its tensor names and shapes:
	 * the base width from {@code conv1.weight}, the block type from whether
	 * {@code layer1.0.conv3.weight} exists, the blocks per stage from the block indices.
	 * @param weights the tensors (names as torchvision's, see
	 * {@link TorchvisionResNetMapping#torchvisionNames})
	 * @return the layout
	 * @throws InvalidInputException when the tensors are not a torchvision ResNet's
	 */
	public static ResNetLayout infer(Map<String, Tensor> weights) {
		Tensor stem = weights.get("conv1.weight");
		if (stem == null || stem.shape().length != 4 || stem.shape()[1] != 3 || stem.shape()[2] != 7
				|| stem.shape()[3] != 7 || stem.shape()[0] < 1 || stem.shape()[0] > MAX_BASE_WIDTH) {
			String found = weights.keySet().stream().findFirst().map(Printable::of).orElse("none");
			throw new InvalidInputException(
					"Not a torchvision ResNet: it has no tensor conv1.weight of shape [width, 3, "
							+ "7, 7] (width 1 to " + MAX_BASE_WIDTH + "; its first tensor is '" + found + "')");
		}
		Block block = weights.containsKey("layer1.0.conv3.weight") ? Block.BOTTLENECK : Block.BASIC;
		Integer[] blocks = new Integer[4];
		for (int stage = 0; stage < 4; stage++) {
			int count = 0;
			while (weights.containsKey("layer" + (stage + 1) + "." + count + ".conv1.weight")) {
				count++;
			}
			if (count == 0) {
				throw new InvalidInputException(
						"Not a torchvision ResNet: it has no tensor layer" + (stage + 1) + ".0.conv1.weight");
			}
			blocks[stage] = count;
		}
		return new ResNetLayout(block, Arrays.asList(blocks), (int) stem.shape()[0]);
	}

	/**
	 * torchvision's name for this layout ({@code resnet34}), ignoring the width, or a
	 * description such as {@code resnet (basic blocks [1, 1, 1, 1])} for other block
	 * counts.
	 */
	public String name() {
		for (Map.Entry<String, ResNetLayout> named : NAMED.entrySet()) {
			if (named.getValue().block == this.block && named.getValue().blocks.equals(this.blocks)) {
				return named.getKey();
			}
		}
		return "resnet (" + this.block.description + " " + this.blocks + ")";
	}

	/** The name with the base width when it is not torchvision's 64. */
	public String describe() {
		return (this.baseWidth == 64) ? name() : name() + " at base width " + this.baseWidth;
	}

	/** Whether Lantern builds this architecture's body. */
	public boolean supported() {
		return SUPPORTED.contains(name());
	}

	/** The channels of the body's output (what the head's pooling sees). */
	public int outChannels() {
		return (this.baseWidth << 3) * this.block.expansion;
	}

	/** torchvision's two block types. */
	public enum Block {

		/** Two 3x3 convolutions ({@code BasicBlock}, expansion 1). */
		BASIC(1, "basic blocks"),

		/**
		 * 1x1, 3x3 (strided), 1x1 convolutions ({@code Bottleneck} v1.5, expansion 4).
		 */
		BOTTLENECK(4, "bottleneck blocks");

		private final int expansion;

		private final String description;

		Block(int expansion, String description) {
			this.expansion = expansion;
			this.description = description;
		}

		/** How many times the block's output is wider than its inner width. */
		public int expansion() {
			return this.expansion;
		}

	}

}
