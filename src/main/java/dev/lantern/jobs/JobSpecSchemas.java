package dev.lantern.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;

import org.springframework.stereotype.Component;

/**
 * Puts each job type's spec, with its bounds (minimum, maximum, sizes, patterns from the
 * spec record's Bean Validation constraints), into the OpenAPI document, and makes the
 * {@code spec} of a job request one of them.
 */
@Component
class JobSpecSchemas implements OpenApiCustomizer {

	private final JobTypes types;

	JobSpecSchemas(JobTypes types) {
		this.types = types;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void customise(OpenAPI openApi) {
		if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
			return;
		}
		Schema request = openApi.getComponents().getSchemas().get("JobRequest");
		if (request == null || request.getProperties() == null) {
			return;
		}
		List<Schema> specs = new ArrayList<>();
		StringBuilder description = new StringBuilder("The spec of the job's type:");
		for (JobType<?> type : this.types.all()) {
			Schema<?> schema = SpringDocAnnotationsUtils.extractSchema(openApi.getComponents(), type.specClass(), null,
					null, SpecVersion.V31);
			specs.add(schema);
			description.append(' ')
				.append(type.name())
				.append(": ")
				.append(type.specClass().getSimpleName())
				.append(';');
		}
		description.setLength(description.length() - 1);
		Map<String, Schema> properties = request.getProperties();
		properties.put("spec", new Schema<>().anyOf(specs).description(description.append('.').toString()));
	}

}
