package dev.lantern.hostile;

import java.util.List;

import static dev.lantern.hostile.HostileCase.of;

/**
 * Job submissions: unknown types, and specs whose fields are out of bounds or do not fit.
 */
class JobSpecCases implements HostileCases {

	@Override
	public List<HostileCase> cases() {
		return List
			.of(of("job specs", "an unknown job type", (f) -> submit(f, "{\"type\":\"mine-bitcoin\",\"spec\":{}}"), 400,
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
							400, "spec.imageSize"));
	}

	static HostileResponse submit(HostileFixture f, String job) {
		return f.send(f.authorized("/api/v1/jobs")
			.header("Content-Type", "application/json")
			.POST(HostileInputCorpusTests.body(job))
			.build());
	}

}
