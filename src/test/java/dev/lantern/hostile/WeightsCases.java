package dev.lantern.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.vision.weights.WeightsFixtures;

import static dev.lantern.hostile.HostileCase.of;

/**
 * Pretrained weights: hostile weights files, and {@code vision-train} specs whose
 * {@code pretrained} names weights that do not exist or do not fit, or asks for default
 * weights where there are none. The corpus imports a width-4 torchvision ResNet-18
 * ({@code basic.safetensors}) before the cases run. (Deleting weights that a queued or
 * running job names, a 409, is checked by {@code PretrainedTrainingEndToEndTests}: a
 * running job changes what is stored, which the corpus forbids.)
 */
class WeightsCases implements HostileCases {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("weights", "a checkpoint whose pickle calls os.system",
						(f) -> UploadCases.upload(f, "/api/v1/pretrained", "resnet34-b627a593.pth",
								fixture("hostile-reduce.pth")),
						400, "posix.system"),
				of("weights", "a safetensors header longer than the file",
						(f) -> UploadCases.upload(f, "/api/v1/pretrained", "model.safetensors", longHeader()), 400,
						"header"),
				of("weights", "deleting weights that do not exist",
						(f) -> f.send(f.authorized("/api/v1/pretrained/no-such-weights").DELETE().build()), 404,
						"no-such-weights"),
				of("weights", "pretrained names unknown weights", (f) -> train(f,
						"\"architecture\":\"resnet18\",\"width\":4,\"imageSize\":32,\"pretrained\":\"no-such-weights\""),
						400, "spec.pretrained", "no-such-weights"),
				of("weights", "pretrained names weights of another architecture",
						(f) -> train(f,
								"\"architecture\":\"resnet34\",\"width\":4,\"imageSize\":32,\"pretrained\":\""
										+ resnet18(f) + "\""),
						400, "spec.pretrained", "resnet18", "resnet34"),
				of("weights", "pretrained names weights of another width",
						(f) -> train(f,
								"\"architecture\":\"resnet18\",\"width\":8,\"imageSize\":32,\"pretrained\":\""
										+ resnet18(f) + "\""),
						400, "spec.pretrained", "width"),
				of("weights", "pretrained true with no weights for the architecture",
						(f) -> train(f, "\"architecture\":\"resnet50\",\"imageSize\":32,\"pretrained\":true"), 400,
						"spec.pretrained", "POST /api/v1/pretrained"),
				of("weights", "pretrained true for simple-cnn",
						(f) -> train(f, "\"architecture\":\"simple-cnn\",\"imageSize\":32,\"pretrained\":true"), 400,
						"spec.pretrained"),
				of("weights", "pretrained an object", (f) -> train(f, "\"pretrained\":{\"$ne\":null}"), 400,
						"spec.pretrained"),
				of("weights", "pretrained a path",
						(f) -> train(f, "\"imageSize\":32,\"pretrained\":\"../../../etc/passwd\""), 400,
						"spec.pretrained"),
				of("weights", "a resize stage that shrinks the images",
						(f) -> train(f, "\"pretrained\":false,\"imageSize\":64,\"resize\":{\"imageSize\":32}"), 400,
						"spec.resize.imageSize"),
				of("weights", "a resize stage of 10^9 pixels",
						(f) -> train(f, "\"pretrained\":false,\"resize\":{\"imageSize\":1000000000}"), 400,
						"spec.resize.imageSize"),
				of("weights", "a resize stage of a million epochs",
						(f) -> train(f, "\"pretrained\":false,\"resize\":{\"epochs\":1000000}"), 400,
						"spec.resize.epochs"));
	}

	private static HostileResponse train(HostileFixture f, String fields) {
		// Small batches, so that the network fits the memory check and the case reaches
		// what it attacks.
		return JobSpecCases.submit(f, "{\"type\":\"vision-train\",\"spec\":{\"modelName\":\"m\",\"batchSize\":2,"
				+ "\"datasetId\":\"" + f.petsDataset() + "\"," + fields + "}}");
	}

	/** The id of the width-4 ResNet-18 weights the corpus imported. */
	private static String resnet18(HostileFixture f) {
		HostileResponse list = f.send(HttpRequest.newBuilder(f.uri("/api/v1/pretrained")).GET().build());
		for (JsonNode weights : JSON.readTree(list.body())) {
			if (weights.path("architecture").asString().equals("resnet18")) {
				return weights.path("id").asString();
			}
		}
		throw new IllegalStateException("The corpus imported no resnet18 weights: " + list.body());
	}

	private static byte[] fixture(String name) {
		try {
			return Files.readAllBytes(WeightsFixtures.path(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A safetensors file whose header claims a million bytes more than it has. */
	private static byte[] longHeader() {
		byte[] header = "{\"conv1.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
			.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(8 + header.length)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putLong(header.length + 1_000_000L)
			.put(header)
			.array();
	}

}
