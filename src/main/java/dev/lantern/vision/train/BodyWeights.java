package dev.lantern.vision.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.lantern.models.WeightsSource;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;
import dev.lantern.vision.weights.MappedWeights;
import dev.lantern.vision.weights.PretrainedWeightsInfo;
import dev.lantern.vision.weights.PretrainedWeightsStore;
import dev.lantern.vision.weights.ResNetLayout;
import dev.lantern.vision.weights.StateDict;
import dev.lantern.vision.weights.TorchvisionResNetMapping;
import dev.lantern.vision.weights.WeightsFiles;

import org.springframework.stereotype.Component;

/**
 * Which weights a {@code vision-train} job's body starts from, and building the network
 * on them. {@code pretrained}:
 * <ul>
 * <li>{@code true}: the architecture's default weights: the newest imported weights of
 * its architecture and base width, else the configured directory's file
 * ({@code lantern.vision.nets.pretrained-dir}: {@code <architecture>.safetensors} or
 * {@code <architecture>.pth} from PyTorch, or the DL4J zip the architecture names). None
 * at all is a 400 naming {@code spec.pretrained}: never a silent random body.</li>
 * <li>{@code false}: random weights.</li>
 * <li>a weights id: those imported weights, which must be of the spec's architecture and
 * width.</li>
 * </ul>
 */
@Component
class BodyWeights {

	/** What a weights id may look like (Lantern's ids are UUIDs). */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

	private static final String FIELD = "spec.pretrained";

	private static final String HOW_TO_ADD = "import weights with POST /api/v1/pretrained (a torchvision or timm "
			+ "ResNet checkpoint or safetensors file), put them in lantern.vision.nets.pretrained-dir, "
			+ "or set pretrained to false to train from random weights";

	private final PretrainedWeightsStore store;

	private final WeightsFiles files;

	private final NetsProperties properties;

	BodyWeights(PretrainedWeightsStore store, WeightsFiles files, NetsProperties properties) {
		this.store = store;
		this.files = files;
		this.properties = properties;
	}

	/**
	 * The weights the spec asks for, checked against what the service holds.
	 * @param architecture the spec's architecture
	 * @param width the body's base width
	 * @param choice the spec's {@code pretrained}
	 * @return the weights, or empty for random weights
	 * @throws InvalidInputException naming {@code spec.pretrained}
	 */
	Optional<Source> resolve(Architecture architecture, int width, PretrainedChoice choice) {
		if (!choice.enabled()) {
			return Optional.empty();
		}
		if (choice.weightsId() != null) {
			return Optional.of(named(architecture, width, choice.weightsId()));
		}
		if (torchvision(architecture)) {
			Optional<PretrainedWeightsInfo> newest = this.store.newest(architecture.id(), width);
			if (newest.isPresent()) {
				return Optional.of(new Stored(newest.get()));
			}
		}
		Optional<Source> file = directoryFile(architecture);
		if (file.isPresent()) {
			return file;
		}
		if (architecture.pretrainedFile() == null) {
			throw InvalidInputException.field(FIELD,
					architecture.id() + " has no pretrained weights; set pretrained to false");
		}
		throw InvalidInputException.field(FIELD, "No pretrained weights for " + architecture.id()
				+ ((width != NetSpec.STANDARD_WIDTH) ? " at width " + width : "") + ": " + HOW_TO_ADD);
	}

	/**
	 * Builds the network on the weights: random weights when there are none.
	 * @throws InvalidInputException when the weights no longer fit (a directory file of
	 * another architecture, weights deleted since the job was queued)
	 */
	VisionNet build(VisionNets nets, NetSpec spec, Optional<Source> weights) throws IOException {
		if (weights.isEmpty()) {
			return nets.create(spec, false);
		}
		Source source = weights.get();
		if (source instanceof DirectoryFile file && file.dl4j()) {
			VisionNet net = nets.create(spec, true);
			if (!net.pretrained()) {
				throw InvalidInputException.field(FIELD, file.path().getFileName() + " is no longer in "
						+ "lantern.vision.nets.pretrained-dir: " + HOW_TO_ADD);
			}
			return net;
		}
		StateDict state = read(source);
		ResNetLayout layout = ResNetLayout.of(spec.architecture().id(), spec.baseWidth());
		MappedWeights mapped;
		try {
			mapped = TorchvisionResNetMapping.map(state, layout);
		}
		catch (InvalidInputException ex) {
			throw InvalidInputException.field(FIELD,
					source.describe().fileName() + " does not fit " + layout.describe() + ": " + ex.getMessage());
		}
		return nets.create(spec, (graph) -> mapped.applyTo(graph, VisionNets::isBody));
	}

	private StateDict read(Source source) throws IOException {
		if (source instanceof Stored stored) {
			try {
				return this.store.read(stored.info().id());
			}
			catch (NotFoundException ex) {
				throw InvalidInputException.field(FIELD, "Pretrained weights " + stored.info().id()
						+ " were deleted after the job was queued: " + HOW_TO_ADD);
			}
		}
		DirectoryFile file = (DirectoryFile) source;
		return this.files.read(file.path(), file.path().getFileName().toString());
	}

	private Source named(Architecture architecture, int width, String id) {
		if (!ID.matcher(id).matches()) {
			throw InvalidInputException.field(FIELD,
					"pretrained is true, false or the id of imported weights (letters, digits and '-', at most 64)");
		}
		PretrainedWeightsInfo info;
		try {
			info = this.store.get(id);
		}
		catch (NotFoundException ex) {
			throw InvalidInputException.field(FIELD,
					"No pretrained weights have the id '" + id + "' (GET /api/v1/pretrained lists them)");
		}
		if (!info.architecture().equals(architecture.id()) || !torchvision(architecture)) {
			throw InvalidInputException.field(FIELD, "Pretrained weights " + id + " (" + info.fileName() + ") are "
					+ info.architecture() + " weights; the spec's architecture is " + architecture.id());
		}
		if (info.baseWidth() != width) {
			throw InvalidInputException.field(FIELD,
					"Pretrained weights " + id + " (" + info.fileName() + ") have base width " + info.baseWidth()
							+ "; the spec's width is " + width + " (set width to " + info.baseWidth() + ")");
		}
		return new Stored(info);
	}

	private Optional<Source> directoryFile(Architecture architecture) {
		Path directory = this.properties.pretrainedDir();
		if (directory == null) {
			return Optional.empty();
		}
		List<String> names = torchvision(architecture)
				? List.of(architecture.id() + ".safetensors", architecture.id() + ".pth") : List.of();
		for (String name : names) {
			Path file = directory.resolve(name);
			if (Files.isRegularFile(file)) {
				return Optional.of(new DirectoryFile(file, false));
			}
		}
		if (architecture.pretrainedFile() != null) {
			Path file = directory.resolve(architecture.pretrainedFile());
			if (Files.isRegularFile(file)) {
				return Optional.of(new DirectoryFile(file, true));
			}
		}
		return Optional.empty();
	}

	/** Whether torchvision's ResNet weights fit the architecture's body. */
	static boolean torchvision(Architecture architecture) {
		return ResNetLayout.SUPPORTED.contains(architecture.id());
	}

	/** Weights a body can start from. */
	sealed interface Source permits Stored, DirectoryFile {

		/** What the model card shows of them. */
		WeightsSource describe() throws IOException;

	}

	/** Imported weights. */
	record Stored(PretrainedWeightsInfo info) implements Source {

		@Override
		public WeightsSource describe() {
			return new WeightsSource(this.info.id(), this.info.sha256(), this.info.fileName());
		}

	}

	/**
	 * A file of the configured directory: PyTorch's, or a DL4J zip ({@code dl4j}).
	 */
	record DirectoryFile(Path path, boolean dl4j) implements Source {

		@Override
		public WeightsSource describe() throws IOException {
			return new WeightsSource(null, sha256(this.path), this.path.getFileName().toString());
		}

	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JVM has no SHA-256", ex);
		}
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
