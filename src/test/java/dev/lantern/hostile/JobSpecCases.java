package dev.lantern.hostile;

import java.util.List;
import java.util.function.Function;

import static dev.lantern.hostile.HostileCase.of;

/**
 * Job submissions: unknown types, and specs whose fields are out of bounds, not finite,
 * name what does not exist, or describe a network too large for the memory.
 */
class JobSpecCases implements HostileCases {

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("job specs", "an unknown job type", (f) -> submit(f, "{\"type\":\"mine-bitcoin\",\"spec\":{}}"), 400,
						"type"),
				of("job specs", "tabular epochs 0",
						(f) -> submit(f,
								"{\"type\":\"tabular-train\",\"spec\":{\"model\":\"m\",\"datasetId\":\""
										+ f.rossmannDataset() + "\",\"epochs\":0}}"),
						400, "spec.epochs"),
				of("job specs", "a model name that climbs out of the store",
						(f) -> submit(f,
								"{\"type\":\"tabular-train\",\"spec\":{\"model\":\"../../etc\",\"datasetId\":\""
										+ f.rossmannDataset() + "\"}}"),
						400, "spec.model"),
				of("job specs", "vision image size 1e9",
						(f) -> submit(f,
								"{\"type\":\"vision-train\",\"spec\":{\"modelName\":\"m\",\"datasetId\":\""
										+ f.petsDataset() + "\",\"imageSize\":1000000000}}"),
						400, "spec.imageSize"),
				tabular("a hidden layer of a hundred million units", "\"layers\":[100000000],\"ps\":[0]",
						"spec.layers[0]"),
				tabular("ten layers of 100000 units, over the memory budget",
						"\"layers\":[100000,100000,100000,100000,100000,100000,100000,100000,100000,100000],"
								+ "\"ps\":[0,0,0,0,0,0,0,0,0,0]",
						"spec.layers", "bytes", "lantern.training.memory-fraction"),
				tabular("a learning rate of 1e309 (Infinity)", "\"learningRate\":1e309", "spec.learningRate", "finite"),
				tabular("a learning rate of NaN", "\"learningRate\":\"NaN\"", "spec.learningRate"),
				tabular("a learning rate of 1000", "\"learningRate\":1000", "spec.learningRate"),
				tabular("a learning rate of 0", "\"learningRate\":0", "spec.learningRate"),
				tabular("a weight decay of 1e309", "\"weightDecay\":1e309", "spec.weightDecay"),
				tabular("a dropout of 1", "\"layers\":[8],\"ps\":[1.0]", "spec.ps[0]"),
				tabular("eleven hidden layers", "\"layers\":[1,1,1,1,1,1,1,1,1,1,1]", "spec.layers"),
				tabular("a y-range headroom of 1e6", "\"yRangeHeadroom\":1e6", "spec.yRangeHeadroom"),
				tabular("validation over 100000 days", "\"validDays\":100000", "spec.validDays"),
				tabular("epochs past int", "\"epochs\":99999999999", "spec.epochs"),
				of("job specs", "tabular-train on an images dataset",
						(f) -> submit(f,
								"{\"type\":\"tabular-train\",\"spec\":{\"model\":\"m\",\"datasetId\":\""
										+ f.petsDataset() + "\"}}"),
						400, "spec.datasetId", "images"),
				of("job specs", "tabular-train on a dataset that does not exist",
						(f) -> submit(f,
								"{\"type\":\"tabular-train\",\"spec\":{\"model\":\"m\","
										+ "\"datasetId\":\"no-such-dataset\"}}"),
						400, "spec.datasetId"),
				vision("vision-train on a tabular dataset", (f) -> "\"datasetId\":\"" + f.rossmannDataset() + "\"",
						"spec.datasetId", "tabular"),
				vision("an unknown architecture",
						(f) -> "\"datasetId\":\"" + f.petsDataset() + "\",\"architecture\":\"resnet9000\"",
						"spec.architecture", "resnet9000"),
				vision("an unfrozen learning rate of Infinity",
						(f) -> "\"datasetId\":\"" + f.petsDataset() + "\",\"unfrozenLrMax\":1e309",
						"spec.unfrozenLrMax"),
				vision("a ResNet-50 at 1024 px in batches of 1024, over the memory budget",
						(f) -> "\"datasetId\":\"" + f.petsDataset()
								+ "\",\"architecture\":\"resnet50\",\"imageSize\":1024,\"batchSize\":1024",
						"spec.batchSize", "bytes"),
				of("job specs", "tabular-predict of a model that does not exist",
						(f) -> submit(f, "{\"type\":\"tabular-predict\",\"spec\":{\"model\":\"no-such-model\","
								+ "\"datasetId\":\"" + f.rossmannDataset() + "\"}}"),
						400, "spec.model"));
	}

	private static HostileCase tabular(String name, String fields, String... mentions) {
		return of("job specs", "tabular-train: " + name,
				(f) -> submit(f, "{\"type\":\"tabular-train\",\"spec\":{\"model\":\"m\",\"datasetId\":\""
						+ f.rossmannDataset() + "\"," + fields + "}}"),
				400, mentions);
	}

	private static HostileCase vision(String name, Function<HostileFixture, String> fields, String... mentions) {
		return of("job specs", "vision-train: " + name,
				(f) -> submit(f, "{\"type\":\"vision-train\",\"spec\":{\"modelName\":\"m\"," + fields.apply(f) + "}}"),
				400, mentions);
	}

	static HostileResponse submit(HostileFixture f, String job) {
		return f.send(f.authorized("/api/v1/jobs")
			.header("Content-Type", "application/json")
			.POST(HostileInputCorpusTests.body(job))
			.build());
	}

}
