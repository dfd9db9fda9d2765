package dev.lantern.hostile;

import java.util.List;
import java.util.UUID;

import static dev.lantern.hostile.HostileCase.of;

/**
 * The learning-rate finder's specs and {@code "auto"} rates, and the files of jobs and
 * versions: bad rates and iterations, unknown names, names that try to leave their
 * directory.
 */
class ArtifactCases implements HostileCases {

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("lr-find", "a learning rate that is a word", (f) -> train(f, "\"fast\""), 400, "spec.learningRate"),
				of("lr-find", "a learning rate of 11", (f) -> train(f, "11"), 400, "spec.learningRate"),
				of("lr-find", "a learning rate of 0", (f) -> train(f, "0"), 400, "spec.learningRate"),
				of("lr-find", "a learning rate of NaN", (f) -> train(f, "\"NaN\""), 400, "spec.learningRate"),
				of("lr-find", "a learning rate that overflows to Infinity", (f) -> train(f, "1e400"), 400,
						"spec.learningRate"),
				of("lr-find", "a finder start rate of 0", (f) -> find(f, "\"startLr\":0"), 400, "spec.startLr"),
				of("lr-find", "a finder end rate of 10.5", (f) -> find(f, "\"endLr\":10.5"), 400, "spec.endLr"),
				of("lr-find", "a finder start rate of NaN", (f) -> find(f, "\"startLr\":\"NaN\""), 400, "spec.startLr"),
				of("lr-find", "a finder end rate of Infinity", (f) -> find(f, "\"endLr\":\"Infinity\""), 400,
						"spec.endLr"),
				of("lr-find", "a finder start rate above its end rate", (f) -> find(f, "\"startLr\":1,\"endLr\":0.1"),
						400, "spec.startLr"),
				of("lr-find", "9 finder iterations", (f) -> find(f, "\"iterations\":9"), 400, "spec.iterations"),
				of("lr-find", "1001 finder iterations", (f) -> find(f, "\"iterations\":1001"), 400, "spec.iterations"),
				of("lr-find", "a vision finder stage that does not exist",
						(f) -> JobSpecCases.submit(f,
								"{\"type\":\"vision-lr-find\",\"spec\":{\"datasetId\":\"" + f.petsDataset()
										+ "\",\"stage\":\"thawed\"}}"),
						400, "spec.stage"),
				of("lr-find", "a tabular finder of ten layers of 100000 units, over the memory budget",
						(f) -> find(f,
								"\"layers\":[100000,100000,100000,100000,100000,100000,100000,100000,100000,100000],"
										+ "\"ps\":[0,0,0,0,0,0,0,0,0,0]"),
						400, "spec.layers", "bytes", "lantern.training.memory-fraction"),
				of("lr-find", "a tabular finder on a dataset that does not exist",
						(f) -> JobSpecCases.submit(f,
								"{\"type\":\"tabular-lr-find\",\"spec\":{\"datasetId\":\"no-such-dataset\"}}"),
						400, "spec.datasetId"),
				of("lr-find", "a vision finder on a ResNet-50 at 1024 px in batches of 1024, over the memory budget",
						(f) -> visionFind(f, "\"architecture\":\"resnet50\",\"imageSize\":1024,\"batchSize\":1024"),
						400, "spec.batchSize", "bytes", "lantern.training.memory-fraction"),
				of("lr-find", "a vision finder on a tabular dataset",
						(f) -> JobSpecCases.submit(f,
								"{\"type\":\"vision-lr-find\",\"spec\":{\"datasetId\":\"" + f.rossmannDataset()
										+ "\"}}"),
						400, "spec.datasetId", "tabular"),
				of("lr-find", "an unknown vision finder architecture",
						(f) -> visionFind(f, "\"architecture\":\"resnet9000\""), 400, "spec.architecture"),
				of("lr-find", "1001 frozen epochs before an unfrozen sweep",
						(f) -> visionFind(f, "\"stage\":\"unfrozen\",\"frozenEpochs\":1001"), 400, "spec.frozenEpochs"),
				of("lr-find", "-1 frozen epochs before an unfrozen sweep",
						(f) -> visionFind(f, "\"stage\":\"unfrozen\",\"frozenEpochs\":-1"), 400, "spec.frozenEpochs"),
				of("lr-find", "frozen epochs before a frozen sweep",
						(f) -> visionFind(f, "\"stage\":\"frozen\",\"frozenEpochs\":2"), 400, "spec.frozenEpochs"),
				of("lr-find", "a frozen-fit rate of 0 before an unfrozen sweep",
						(f) -> visionFind(f, "\"stage\":\"unfrozen\",\"frozenLr\":0"), 400, "spec.frozenLr"),
				of("lr-find", "a frozen-fit rate of NaN before an unfrozen sweep",
						(f) -> visionFind(f, "\"stage\":\"unfrozen\",\"frozenLr\":\"NaN\""), 400, "spec.frozenLr"),
				of("lr-find", "a frozen-fit rate of 1e309 before an unfrozen sweep",
						(f) -> visionFind(f, "\"stage\":\"unfrozen\",\"frozenLr\":1e309"), 400, "spec.frozenLr"),
				of("lr-find", "a vision frozen rate of -1",
						(f) -> JobSpecCases.submit(f,
								"{\"type\":\"vision-train\",\"spec\":{\"modelName\":\"m\",\"datasetId\":\""
										+ f.petsDataset() + "\",\"frozenLr\":-1}}"),
						400, "spec.frozenLr"),
				of("artifacts", "the files of a job that does not exist",
						(f) -> get(f, "/api/v1/jobs/" + UUID.randomUUID() + "/artifacts"), 404),
				of("artifacts", "a version file that does not exist",
						(f) -> get(f, "/api/v1/models/" + f.salesModel() + "/versions/1/artifacts/lr-find.png"), 404,
						"lr-find.png"),
				of("artifacts", "a version file name starting with a dot",
						(f) -> get(f, "/api/v1/models/" + f.salesModel() + "/versions/1/artifacts/.model.zip"), 400,
						"artifact"),
				of("artifacts", "a version file name with '..'",
						(f) -> get(f, "/api/v1/models/" + f.salesModel() + "/versions/1/artifacts/x..zip"), 400,
						"artifact"),
				of("artifacts", "a version file name with an encoded slash",
						(f) -> get(f, "/api/v1/models/" + f.salesModel() + "/versions/1/artifacts/..%2Fschema.json"),
						400),
				of("artifacts", "a version file name with an encoded backslash",
						(f) -> get(f, "/api/v1/models/" + f.salesModel() + "/versions/1/artifacts/a%5Cb.json"), 400));
	}

	private static HostileResponse train(HostileFixture f, String rate) {
		return JobSpecCases.submit(f, "{\"type\":\"tabular-train\",\"spec\":{\"model\":\"m\",\"datasetId\":\""
				+ f.rossmannDataset() + "\",\"learningRate\":" + rate + "}}");
	}

	private static HostileResponse find(HostileFixture f, String fields) {
		return JobSpecCases.submit(f, "{\"type\":\"tabular-lr-find\",\"spec\":{\"datasetId\":\"" + f.rossmannDataset()
				+ "\"," + fields + "}}");
	}

	private static HostileResponse visionFind(HostileFixture f, String fields) {
		return JobSpecCases.submit(f,
				"{\"type\":\"vision-lr-find\",\"spec\":{\"datasetId\":\"" + f.petsDataset() + "\"," + fields + "}}");
	}

	private static HostileResponse get(HostileFixture f, String path) {
		return f.send(f.authorized(path).GET().build());
	}

}
