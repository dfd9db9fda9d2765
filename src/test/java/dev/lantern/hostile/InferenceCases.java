package dev.lantern.hostile;

import java.util.List;

import static dev.lantern.hostile.HostileCase.of;

/**
 * Every inference endpoint: JSON, CSV, multipart, raw and KServe V2 inputs that do not
 * fit.
 */
class InferenceCases implements HostileCases {

	@Override
	public List<HostileCase> cases() {
		return List.of(of("inference", "predict on an unknown model",
				(f) -> json(f, "/api/v1/models/no-such-model/predict", "{\"records\":[{}]}"), 404, "no-such-model"),
				of("inference", "predict with no records",
						(f) -> json(f, "/api/v1/models/" + f.salesModel() + "/predict", "{\"records\":[]}"), 400),
				of("inference", "classify on a tabular model",
						(f) -> UploadCases.upload(f, "/api/v1/models/" + f.salesModel() + "/classify", "a.png",
								new byte[] { (byte) 0x89, 'P', 'N', 'G' }),
						400, "tabular"),
				of("inference", "classify bytes that are no image",
						(f) -> UploadCases.upload(f, "/api/v1/models/" + f.petsModel() + "/classify", "a.png",
								"hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
						400, "a.png"),
				of("inference", "V2 infer with a tensor of the wrong type", (f) -> json(f,
						"/v2/models/" + f.salesModel() + "/infer",
						"{\"inputs\":[{\"name\":\"Store\",\"shape\":[1],\"datatype\":\"UINT8\",\"data\":[1]}]}"), 400,
						"Store"));
	}

	static HostileResponse json(HostileFixture f, String path, String body) {
		return f.send(f.authorized(path)
			.header("Content-Type", "application/json")
			.POST(HostileInputCorpusTests.body(body))
			.build());
	}

}
