package dev.lantern.models.tiny;

import java.util.List;

import dev.lantern.models.Operation;

/** Always fails as a server-side bug would. */
public class FailingOperation implements Operation<TinyModel, Integer, Integer> {

	@Override
	public String modelKind() {
		return TinyFormat.KIND;
	}

	@Override
	public String name() {
		return "fail";
	}

	@Override
	public boolean batchable() {
		return true;
	}

	@Override
	public List<Integer> apply(TinyModel model, List<Integer> inputs) {
		throw new IllegalStateException("broken on purpose");
	}

}
